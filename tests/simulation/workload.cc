// See workload.h.
#include "simulation/workload.h"

#include <string>

#include "support/sample_messages.h"

namespace baken::sim {

namespace {

v1::Precedence pick_precedence(SimRandom& random, const WorkloadMix& mix) {
    double x = random.unit();
    if (x < mix.flash) return v1::FLASH;
    if (x < mix.flash + mix.immediate) return v1::IMMEDIATE;
    if (x < mix.flash + mix.immediate + mix.priority) return v1::PRIORITY;
    return v1::ROUTINE;
}

std::string text(SimRandom& random, const WorkloadMix& mix, std::uint64_t serial) {
    std::string out = "Melding " + std::to_string(serial) + ": situatie onveranderd";
    if (random.chance(mix.long_text)) {
        out.append(static_cast<std::size_t>(random.between(200, 3500)), '.');
    }
    return out;
}

v1::Body make_body(SimRandom& random, const WorkloadMix& mix, std::uint64_t serial,
                   const std::vector<std::string>& needs) {
    switch (random.below(6)) {
        case 0: {
            v1::Body body = testing::sample_status_body();
            body.mutable_support_point_status()->set_note(text(random, mix, serial));
            return body;
        }
        case 1: {
            v1::Body body = testing::sample_need_body();
            body.mutable_need()->set_text(text(random, mix, serial));
            return body;
        }
        case 2: {
            v1::Body body = testing::sample_node_info_body();
            body.mutable_node_info()->set_description(text(random, mix, serial));
            return body;
        }
        case 3: {
            if (needs.empty()) break;
            v1::Body body = testing::sample_need_update_body();
            auto* update = body.mutable_need_update();
            update->set_need(needs[random.below(needs.size())]);
            update->set_state(static_cast<v1::NeedState>(random.between(1, 5)));
            update->set_note(text(random, mix, serial));
            return body;
        }
        case 4: {
            v1::Body body = testing::sample_announcement_body();
            body.mutable_announcement()->mutable_text()->set_nl(text(random, mix, serial));
            return body;
        }
        default:
            break;
    }
    return testing::sample_sitrep_body(text(random, mix, serial));
}

}  // namespace

v1::Message make_message(SimRandom& random, const WorkloadMix& mix, std::uint64_t serial,
                         std::int64_t now_ms, const std::vector<std::string>& needs) {
    v1::Precedence precedence = pick_precedence(random, mix);
    v1::Message m =
        testing::sample_message(make_body(random, mix, serial, needs), precedence, now_ms);
    std::int64_t lifetime =
        random.chance(mix.short_lived) ? random.between(60'000, 600'000) : mix.lifetime_ms;
    m.set_expires_ms(now_ms + lifetime);
    return m;
}

}  // namespace baken::sim
