// See post_kinds.h. A sitrep posted from the command line carries one entry (pillar, topic,
// severity, text): that is how staff report, one topic at a time.
#include "post_kinds.h"

namespace baken::cli {

const std::vector<PostKind>& post_kinds() {
    static const std::vector<PostKind> kinds{
        {"sitrep",
         "sitrep",
         "Post a situation report on one topic of one pillar",
         {
             {"municipality", "municipality", true, "CBS code of the municipality, e.g. GM0344"},
             {"area", "area", false, "district, village or \"whole municipality\""},
             {"phase", "phase", true, "crisis phase"},
             {"pillar", "entries.pillar", true, "pillar of the VNG guide"},
             {"topic", "entries.topic", true,
              "topic within the pillar, e.g. power, drinking-water"},
             {"severity", "entries.severity", true, "how well it functions"},
             {"text", "entries.text", true, "what is going on (Dutch)"},
             {"count", "entries.counts", false, "a figure as \"label=value\", repeatable",
              FieldForm::count},
         }},
        {"status",
         "support_point_status",
         "Post the current status of a support point (noodsteunpunt)",
         {
             {"point", "support_point", true, "id of the support point, e.g. GM0344-SP07"},
             {"municipality", "municipality", true, "CBS code of the municipality, e.g. GM0344"},
             {"name", "name", false, "name of the point, e.g. \"Buurthuis De Linde\""},
             {"openness", "openness", true, "is the point open"},
             {"power", "power", true, "where its power comes from"},
             {"fuel-hours", "fuel_hours", false, "hours of generator fuel left"},
             {"water", "drinking_water", true, "drinking water at the point"},
             {"visitors", "visitors", false, "people present now"},
             {"comms", "comms", false, "channels that work, e.g. \"radio, LAN\""},
             {"note", "note", false, "anything else"},
             {"lat", "latitude", false, "latitude, WGS84 degrees"},
             {"lon", "longitude", false, "longitude, WGS84 degrees"},
         }},
        {"need",
         "need",
         "Post a need (hulpvraag) of a support point",
         {
             {"point", "support_point", true, "id of the support point, e.g. GM0344-SP07"},
             {"municipality", "municipality", true, "CBS code of the municipality, e.g. GM0344"},
             {"category", "category", true, "what is needed"},
             {"quantity", "quantity", false, "how much"},
             {"unit", "unit", false, "unit of the quantity, e.g. litres, people"},
             {"urgency", "urgency", true, "how soon"},
             {"text", "text", false,
              "details (names or medical details go in --restricted, which is sealed)"},
         }},
        {"announcement",
         "announcement",
         "Post an announcement for residents (CAP 1.2 alert)",
         {
             {"area", "audience_area", true,
              "who it is for: CBS code, region id or support point id"},
             {"headline", "headline.nl", true, "headline in Dutch"},
             {"headline-en", "headline.en", false, "headline in English"},
             {"text", "text.nl", true, "text in Dutch"},
             {"text-en", "text.en", false, "text in English"},
             {"instruction", "instruction.nl", false, "what residents should do, in Dutch"},
             {"instruction-en", "instruction.en", false, "what residents should do, in English"},
             {"category", "category", true, "CAP category"},
             {"urgency", "urgency", true, "CAP urgency"},
             {"severity", "severity", true, "CAP severity"},
             {"certainty", "certainty", true, "CAP certainty"},
             {"effective", "effective_ms", false, "when it takes effect (default: at once)",
              FieldForm::time},
             {"expires", "expires_ms", false,
              "when it stops applying; also the message lifetime unless --ttl", FieldForm::time},
         }},
    };
    return kinds;
}

}  // namespace baken::cli
