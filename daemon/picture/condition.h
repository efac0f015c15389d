// The colour of a support point on the overview, from its latest status alone (docs/picture.md):
//   critical (red):   closed, no power, or no drinking water
//   strained (amber): limited, on battery, a generator with under 12 hours of fuel, or scarce water
//   ok (green):       open otherwise
//   unknown (grey):   no status yet, or openness not stated
#pragma once

#include "baken/v1/picture.pb.h"

namespace baken::picture {

inline constexpr double kLowFuelHours = 12.0;

v1::Condition condition_of(const v1::SupportPointStatus* status);

}  // namespace baken::picture
