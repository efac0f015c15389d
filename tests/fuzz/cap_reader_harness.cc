// See cap_reader_harness.h.
#include "fuzz/cap_reader_harness.h"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "cap/cap_mapping.h"
#include "cap/cap_reader.h"
#include "cap/cap_writer.h"
#include "cap/xml_document.h"
#include "fuzz/invariant.h"

namespace baken::fuzz {
namespace {

v1::Message stored_message(const v1::Draft& draft) {
    v1::Message m;
    m.set_format_version(1);
    m.set_author(std::string(kPublicKeySize, '\x42'));
    m.set_precedence(draft.precedence());
    m.set_created_ms(kCapHarnessNowMs);
    m.set_expires_ms(kCapHarnessNowMs + 3'600'000);
    *m.mutable_body() = draft.body();
    return m;
}

}  // namespace

CapFuzzResult fuzz_cap_reader(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    auto alert = cap::read_cap(bytes);
    auto again = cap::read_cap(bytes);
    require(alert.ok() == again.ok(), "read_cap is deterministic");
    if (!alert) {
        const cap::CapError& e = alert.error();
        require(!e.reason.empty(), "every refusal has a reason");
        require(e.kind == again.error().kind && e.line == again.error().line &&
                    e.reason == again.error().reason,
                "read_cap refuses the same way twice", e.describe());
        require(size <= cap::kMaxCapBytes || e.kind == cap::CapError::Kind::too_large,
                "oversized input is refused as too_large", e.describe());
        require(e.kind != cap::CapError::Kind::internal, "no internal error", e.describe());
        return {CapOutcome::refused, e.kind};
    }
    require(*alert == *again, "read_cap reads the same alert twice");

    auto imported = cap::import_alert(*alert, cap::ImportOptions{"", kCapHarnessNowMs});
    if (!imported) {
        const cap::CapError& e = imported.error();
        require(!e.reason.empty(), "every refusal has a reason");
        if (e.kind == cap::CapError::Kind::no_area) return {CapOutcome::no_area, e.kind};
        require(e.kind == cap::CapError::Kind::unsupported, "import refuses as unsupported",
                e.describe());
        return {CapOutcome::unsupported, e.kind};
    }
    MessageId id{};
    const cap::CapAlert exported = cap::export_alert(stored_message(imported->draft), id);
    require(exported.identifier == alert->identifier && exported.sender == alert->sender &&
                exported.sent_ms == alert->sent_ms,
            "the export keeps identifier, sender and sent");
    auto xml = cap::write_cap(exported);
    require(xml.ok(), "an imported alert exports as valid CAP",
            xml.ok() ? std::string_view() : std::string_view(xml.error().reason));
    auto back = cap::read_cap(*xml);
    require(back.ok(), "the exported CAP reads back");
    return {CapOutcome::imported, cap::CapError::Kind::internal};
}

}  // namespace baken::fuzz
