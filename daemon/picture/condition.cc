// See condition.h.
#include "picture/condition.h"

namespace baken::picture {

v1::Condition condition_of(const v1::SupportPointStatus* s) {
    if (s == nullptr || s->openness() == v1::OPENNESS_UNSPECIFIED) return v1::CONDITION_UNKNOWN;
    if (s->openness() == v1::CLOSED || s->power() == v1::NO_POWER ||
        s->drinking_water() == v1::UNAVAILABLE)
        return v1::CONDITION_CRITICAL;
    bool low_fuel =
        s->power() == v1::GENERATOR && s->fuel_hours() > 0 && s->fuel_hours() < kLowFuelHours;
    if (s->openness() == v1::LIMITED || s->power() == v1::BATTERY || low_fuel ||
        s->drinking_water() == v1::SCARCE)
        return v1::CONDITION_STRAINED;
    return v1::CONDITION_OK;
}

}  // namespace baken::picture
