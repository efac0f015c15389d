// The honest workload: messages that people post at nodes over time.
//
// A mix like a crisis day's: situation reports, support-point statuses, needs and updates of
// them (acknowledged ... fulfilled, in any order, so the picture's lifecycle rule meets
// concurrent and backward updates), announcements and node infos;
// mostly routine, some flash (which must travel first); most live a day, some only minutes so
// that expiry happens during the run (expired messages must be neither offered nor counted);
// sizes from a few hundred bytes to several kilobytes, so frames span many TCP segments.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "baken/v1/message.pb.h"
#include "simulation/sim_random.h"

namespace baken::sim {

struct WorkloadMix {
    double flash = 0.05;
    double immediate = 0.15;
    double priority = 0.30;     // the rest is routine
    double short_lived = 0.15;  // lives 1 to 10 minutes instead of a day
    double long_text = 0.10;    // a text of up to 3,500 characters
    std::int64_t lifetime_ms = 24LL * 3600 * 1000;
};

// An unsigned message of a random kind, made unique by `serial`, created at `now_ms`.
// `needs`: ids (raw bytes) of needs posted so far, for need updates to name.
v1::Message make_message(SimRandom& random, const WorkloadMix& mix, std::uint64_t serial,
                         std::int64_t now_ms, const std::vector<std::string>& needs);

}  // namespace baken::sim
