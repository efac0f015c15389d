#include "enum_names.h"

#include <gtest/gtest.h>

#include <set>

#include "baken/v1/message.pb.h"

namespace baken::cli {
namespace {

template <typename Enum>
std::string friendly(Enum value) {
    return friendly_enum_name(
        *google::protobuf::GetEnumDescriptor<Enum>()->FindValueByNumber(value));
}

TEST(EnumNames, AreLowerCaseWithDashes) {
    EXPECT_EQ(friendly(v1::VITAL_SERVICES), "vital-services");
    EXPECT_EQ(friendly(v1::WARM_UNDER_72H), "warm-under-72h");
    EXPECT_EQ(friendly(v1::DRINKING_WATER), "drinking-water");
    EXPECT_EQ(friendly(v1::NO_POWER), "no-power");
}

TEST(EnumNames, DropThePrefixOrSuffixTakenFromTheTypeName) {
    EXPECT_EQ(friendly(v1::URGENCY_IMMEDIATE), "immediate");
    EXPECT_EQ(friendly(v1::SEVERITY_EXTREME), "extreme");
    EXPECT_EQ(friendly(v1::CERTAINTY_OBSERVED), "observed");
    EXPECT_EQ(friendly(v1::TRANSPORT_CATEGORY), "transport");
    EXPECT_EQ(friendly(v1::OTHER_CATEGORY), "other");
}

TEST(EnumNames, AcceptFriendlyAndProtoNamesInAnyCase) {
    const auto& pillar = *v1::Pillar_descriptor();
    for (const char* text :
         {"vital-services", "VITAL_SERVICES", "Vital-Services", "vital_services"}) {
        auto number = enum_from_friendly(pillar, text);
        ASSERT_TRUE(number) << text;
        EXPECT_EQ(*number, v1::VITAL_SERVICES);
    }
    auto urgency = enum_from_friendly(*v1::CapUrgency_descriptor(), "urgency-immediate");
    ASSERT_TRUE(urgency);
    EXPECT_EQ(*urgency, v1::URGENCY_IMMEDIATE);
}

TEST(EnumNames, RefuseUnknownAndUnspecifiedValuesListingTheChoices) {
    auto bad = enum_from_friendly(*v1::Phase_descriptor(), "hot");
    ASSERT_FALSE(bad);
    EXPECT_EQ(
        bad.error(),
        "unknown value \"hot\"; choose one of: cold, warm-under-72h, warm-over-72h, aftermath");
    EXPECT_FALSE(enum_from_friendly(*v1::Phase_descriptor(), "phase-unspecified"));
    EXPECT_FALSE(enum_from_friendly(*v1::Phase_descriptor(), ""));
}

// Every enum of the message format, including ones added later, gets unique names that map back.
TEST(EnumNames, AreUniqueAndRoundTripForEveryEnumOfTheFormat) {
    const auto* file = v1::Message::descriptor()->file();
    for (int e = 0; e < file->enum_type_count(); ++e) {
        const auto& type = *file->enum_type(e);
        std::set<std::string> seen;
        for (const std::string& name : friendly_enum_names(type)) {
            EXPECT_TRUE(seen.insert(name).second) << type.name() << " has " << name << " twice";
            auto number = enum_from_friendly(type, name);
            ASSERT_TRUE(number) << type.name() << " " << name;
            EXPECT_EQ(friendly_enum_name(*type.FindValueByNumber(*number)), name);
        }
        EXPECT_EQ(seen.size(), static_cast<std::size_t>(type.value_count() - 1)) << type.name();
    }
}

}  // namespace
}  // namespace baken::cli
