// The one line per message that `baken list` shows: what a reader of the picture needs first.
//
//   sitrep        "GM0344 vital-services/power: FAILED — Stroomstoring in de hele wijk"
//   status        "GM0344-SP07 Buurthuis De Linde: open, power generator (12 h fuel), water
//   available, 35 visitors" need          "GM0344-SP07 drinking-water 500 litres, within-hours —
//   Flessen voor 200 mensen" need update   "need 3f9a1c0b77e2: acknowledged — team 3 onderweg"
//   announcement  "GM0344 [extreme] Kook water af voor gebruik"
//   node info     "Gemeentehuis Utrecht — crisisteam"
//   credential    "municipal-staff GM0344 for Laptop 3 (9f3a1c0b77e2)"
//   revocation    "revokes 9f3a1c0b77e2 — laptop lost"
//
// Enum values appear by their friendly CLI names (enum_names.h); a sitrep's severity in capitals
// so a failure stands out in a long list.
#pragma once

#include <string>
#include <string_view>

#include "baken/v1/api.pb.h"

namespace baken::cli {

std::string message_summary(const v1::Message& message);

// The kind as `baken list --kind` takes it: "sitrep", "status", "need-update", ...
std::string short_kind_name(v1::Body::KindCase kind);

// The first group of a fingerprint ("K7QM" of "K7QM-3XTA-9PBD-W2HE"): enough to tell authors
// apart in a table and to find the full one.
std::string_view fingerprint_group(std::string_view fingerprint);

}  // namespace baken::cli
