// CAP alert <-> announcement (docs/cap.md is the field-by-field table).
//
// Import: a valid CapAlert (cap_reader.h) becomes the Draft of an announcement that keeps the
// alert's identity (identifier, sender, sent) and everything else an equivalent export needs.
// Export: a stored announcement — imported or written in Baken — becomes a CapAlert again;
// for an imported one, export(import(a)) == a for the parts Baken keeps (cap_alert.h).
//
// Only alerts with status Actual are imported (a Test, Exercise, System or Draft alert is not
// for residents). msgType Update replaces the announcement of an alert it references when this
// node holds it (Draft.supersedes); Cancel is refused (docs/cap.md says why and what to do).
//
// Precedence of an imported alert (first rule that applies):
//   status other than Actual (Exercise, Test, System, Draft)                 ROUTINE
//   urgency Immediate and severity Extreme                                   FLASH
//   urgency Immediate or Expected, severity Extreme or Severe                IMMEDIATE
//   urgency Immediate or Expected, severity Moderate;
//   urgency Future or Unknown, severity Extreme or Severe                    PRIORITY
//   anything else (Minor or Unknown severity, Past urgency, ...)             ROUTINE
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "baken/v1/api.pb.h"
#include "cap/cap_alert.h"
#include "cap/cap_error.h"
#include "common/result.h"
#include "crypto/keys.h"

namespace baken::cap {

// An announcement this node holds that was imported from CAP: the alert's identity and the
// message that carries it.
struct HeldAlert {
    std::string sender;
    std::string identifier;
    std::int64_t sent_ms = 0;
    std::string message_id;  // 64 hex
    bool operator==(const HeldAlert&) const = default;
};

struct ImportOptions {
    // The audience area the caller names (CBS code GMxxxx, region VRnn, support point id);
    // empty: take it from the alert's geocodes (the first CBS municipality code).
    std::string area;
    std::int64_t now_ms = 0;  // the node's clock: for the lifetime and the expiry check
    // The imported announcements this node holds from itself (held_alert() of each): an
    // Update that references one of them supersedes it.
    std::vector<HeldAlert> held = {};
};

struct CapImport {
    v1::Draft draft;                 // an announcement; precedence and ttl_seconds set
    std::vector<std::string> notes;  // what was left out or decided, for the person confirming
};

// msgType Update: when its <references> names an alert in `options.held`, the draft's
// `supersedes` is that message (the latest such alert when several are held) and a note says
// so; otherwise it is a standalone announcement and a note says that.
// Errors (CapError::Kind):
//   unsupported  status not Actual; msgType Ack, Error or Cancel; scope not Public; no Dutch
//                info (language nl or nl-*); the Dutch info has no headline or
//                description; expired; too large for a message; a field above Baken's
//                limits (the reason names it)
//   no_area      no area given and no CBS municipality code among the geocodes; the reason
//                says what to pass
Result<CapImport, CapError> import_alert(const CapAlert& alert, const ImportOptions& options);

// The CAP identity of an imported announcement (`id`: the message's), or nullopt for one
// written in Baken (no cap_identifier). REQUIRES: message.body() holds an announcement.
std::optional<HeldAlert> held_alert(const v1::Message& message, const MessageId& id);

// The held alert with the identity (sender, identifier, sent) of `alert`, or nullptr: the
// alert has been imported before.
const HeldAlert* find_held(const std::vector<HeldAlert>& held, const CapAlert& alert);

// The rule in the table above; `status`, `urgency`, `severity` in CAP's words.
v1::Precedence precedence_for(std::string_view status, std::string_view urgency,
                              std::string_view severity);

// REQUIRES: message.body() holds an announcement (validated: it came from the store).
// A native announcement gets identifier "baken-<64 hex id>", sender "<author
// fingerprint>@baken.invalid", sent = created time (UTC), status Actual, msgType Alert, scope
// Public, one area named after the audience area (with a CBS geocode when it is a municipality
// code).
CapAlert export_alert(const v1::Message& message, const MessageId& id);

// The identifier export_alert() gives the message (without building the whole alert).
std::string export_identifier(const v1::Message& message, const MessageId& id);

}  // namespace baken::cap
