#include "draft_builder.h"

#include <gtest/gtest.h>

#include "crypto/identity.h"
#include "json.h"
#include "message/envelope_codec.h"
#include "message/limits.h"
#include "message/structure_check.h"

namespace baken::cli {
namespace {

constexpr std::int64_t kNow = 1'740'000'000'000;

const PostKind& kind(std::string_view command) {
    for (const PostKind& k : post_kinds()) {
        if (k.command == command) return k;
    }
    throw std::logic_error("no such kind");
}

FlagValues sitrep_values() {
    FlagValues v;
    v.single = {{"municipality", "GM0344"},
                {"area", "Overvecht"},
                {"phase", "warm-under-72h"},
                {"pillar", "vital-services"},
                {"topic", "power"},
                {"severity", "failed"},
                {"text", "Stroomstoring in de hele wijk"}};
    v.repeated["count"] = {"households without power=12000"};
    return v;
}

TEST(DraftBuilder, BuildsTheSitrepOfTheApiDocumentation) {
    CommonFlags common;
    common.precedence = "flash";
    common.ttl = "24h";
    auto draft = build_draft(kind("sitrep"), sitrep_values(), common, kNow);
    ASSERT_TRUE(draft) << draft.error();
    EXPECT_EQ(
        to_json(*draft),
        R"({"precedence":"FLASH","ttl_seconds":"86400","body":{"sitrep":{"municipality":"GM0344",)"
        R"("area":"Overvecht","phase":"WARM_UNDER_72H","entries":[{"pillar":"VITAL_SERVICES",)"
        R"("topic":"power","severity":"FAILED","text":"Stroomstoring in de hele wijk",)"
        R"("counts":[{"label":"households without power","value":"12000"}]}]}}})");
}

TEST(DraftBuilder, DefaultsToRoutineAndTheDaemonsLifetime) {
    auto draft = build_draft(kind("sitrep"), sitrep_values(), CommonFlags{}, kNow);
    ASSERT_TRUE(draft);
    EXPECT_EQ(draft->precedence(), v1::ROUTINE);
    EXPECT_EQ(draft->ttl_seconds(), 0);
    EXPECT_TRUE(draft->supersedes().empty());
}

TEST(DraftBuilder, ConvertsNumbersByTheFieldsType) {
    FlagValues v;
    v.single = {{"point", "GM0344-SP07"}, {"municipality", "GM0344"}, {"openness", "open"},
                {"power", "generator"},   {"fuel-hours", "12.5"},     {"water", "scarce"},
                {"visitors", "35"},       {"lat", "52.0907"},         {"lon", "5.1214"}};
    auto draft = build_draft(kind("status"), v, CommonFlags{}, kNow);
    ASSERT_TRUE(draft) << draft.error();
    const v1::SupportPointStatus& s = draft->body().support_point_status();
    EXPECT_EQ(s.power(), v1::GENERATOR);
    EXPECT_EQ(s.drinking_water(), v1::SCARCE);
    EXPECT_DOUBLE_EQ(s.fuel_hours(), 12.5);
    EXPECT_EQ(s.visitors(), 35);
    EXPECT_DOUBLE_EQ(s.latitude(), 52.0907);
}

TEST(DraftBuilder, ReportsEveryBadValueAndMissingFlagNamingTheFlags) {
    FlagValues v = sitrep_values();
    v.single["severity"] = "catastrophic";
    v.single["phase"] = "";
    v.repeated["count"] = {"no equals sign"};
    CommonFlags common;
    common.ttl = "forever";
    auto draft = build_draft(kind("sitrep"), v, common, kNow);
    ASSERT_FALSE(draft);
    const std::string& e = draft.error();
    EXPECT_NE(e.find("--severity: unknown value \"catastrophic\"; choose one of: normal, degraded, "
                     "disrupted, failed"),
              std::string::npos)
        << e;
    EXPECT_NE(e.find("--count: \"no equals sign\" is not label=value"), std::string::npos) << e;
    EXPECT_NE(e.find("--ttl: "), std::string::npos) << e;
    EXPECT_NE(e.find("missing required flags: --phase"), std::string::npos) << e;
}

TEST(DraftBuilder, ValueErrorsLeaveMissingFlagsToThePrompt) {
    FlagValues v;
    v.single["municipality"] = "GM0344";
    EXPECT_TRUE(value_errors(kind("sitrep"), v, CommonFlags{}, kNow).empty());
    v.single["fuel-hours"] = "lots";
    auto errors = value_errors(kind("status"), v, CommonFlags{}, kNow);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0], "--fuel-hours: \"lots\" is not a number");
}

TEST(DraftBuilder, ListsMissingRequiredFieldsInTableOrder) {
    FlagValues v;
    v.single["municipality"] = "GM0344";
    v.single["topic"] = "power";
    std::vector<std::string> names;
    for (const FieldSpec* spec : missing_fields(kind("sitrep"), v)) names.emplace_back(spec->flag);
    EXPECT_EQ(names, (std::vector<std::string>{"phase", "pillar", "severity", "text"}));
}

TEST(DraftBuilder, AnAnnouncementLivesUntilItExpiresUnlessTtlIsGiven) {
    FlagValues v;
    v.single = {{"area", "GM0344"},
                {"headline", "Kook water af"},
                {"text", "Het leidingwater is besmet."},
                {"category", "health"},
                {"urgency", "immediate"},
                {"severity", "severe"},
                {"certainty", "observed"},
                {"effective", "now"},
                {"expires", "+5d"}};
    auto draft = build_draft(kind("announcement"), v, CommonFlags{}, kNow);
    ASSERT_TRUE(draft) << draft.error();
    EXPECT_EQ(draft->ttl_seconds(), 5 * 86400);
    EXPECT_EQ(draft->body().announcement().urgency(), v1::URGENCY_IMMEDIATE);
    EXPECT_EQ(draft->body().announcement().effective_ms(), kNow);
    EXPECT_EQ(draft->body().announcement().expires_ms(), kNow + 5 * 86'400'000LL);

    CommonFlags common;
    common.ttl = "7d";
    EXPECT_EQ(build_draft(kind("announcement"), v, common, kNow)->ttl_seconds(), 7 * 86400);
}

TEST(CommonFlags, PrecedenceByNameInAnyCase) {
    EXPECT_EQ(*parse_precedence("flash"), v1::FLASH);
    EXPECT_EQ(*parse_precedence("Immediate"), v1::IMMEDIATE);
    auto bad = parse_precedence("urgent");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error(),
              "unknown value \"urgent\"; choose one of: flash, immediate, priority, routine");
}

TEST(CommonFlags, TtlIsAtMostTheLongestLifetime) {
    EXPECT_EQ(*parse_ttl_seconds("90d"), 90 * 86400);
    EXPECT_FALSE(parse_ttl_seconds("91d"));
    EXPECT_FALSE(parse_ttl_seconds("0h"));
}

TEST(CommonFlags, SupersedesNeedsAFullId) {
    CommonFlags common;
    common.supersedes = "ABCD1234";
    EXPECT_FALSE(build_draft(kind("sitrep"), sitrep_values(), common, kNow));
    common.supersedes = std::string(64, 'A');
    auto draft = build_draft(kind("sitrep"), sitrep_values(), common, kNow);
    ASSERT_TRUE(draft);
    EXPECT_EQ(draft->supersedes(), std::string(64, 'a'));
}

// --- The table against the daemon's own structure check ---------------------------------

std::string sample_value(const PostKind& k, const FieldSpec& spec) {
    if (spec.flag == "municipality") return "GM0344";
    if (spec.flag == "point") return "GM0344-SP07";  // a point lies in its municipality
    std::vector<std::string> choices = choices_for(k, spec);
    return choices.empty() ? "x" : choices.front();
}

// The daemon's verdict on a draft, signed the way POST /api/v1/messages does it.
std::optional<Reject> daemon_verdict(const v1::Draft& draft) {
    static const Identity identity = Identity::generate();
    v1::Message m;
    m.set_format_version(limits::kFormatVersion);
    m.set_precedence(draft.precedence());
    m.set_created_ms(kNow);
    m.set_expires_ms(kNow + 3600'000);
    *m.mutable_body() = draft.body();
    return check_structure(sign_message(identity, std::move(m)), kNow);
}

FlagValues only_required(const PostKind& k) {
    FlagValues v;
    for (const FieldSpec& spec : k.fields) {
        if (spec.required) v.single[std::string(spec.flag)] = sample_value(k, spec);
    }
    return v;
}

TEST(PostKinds, RequiredFlagsAreEnoughForTheDaemon) {
    for (const PostKind& k : post_kinds()) {
        auto draft = build_draft(k, only_required(k), CommonFlags{}, kNow);
        ASSERT_TRUE(draft) << k.command << ": " << draft.error();
        auto verdict = daemon_verdict(*draft);
        EXPECT_FALSE(verdict) << k.command << ": " << describe(*verdict);
    }
}

TEST(PostKinds, EachRequiredFlagIsRequiredByTheDaemonToo) {
    for (const PostKind& k : post_kinds()) {
        for (std::size_t i = 0; i < k.fields.size(); ++i) {
            if (!k.fields[i].required) continue;
            // The same kind with this one flag optional and left out.
            PostKind relaxed = k;
            relaxed.fields[i].required = false;
            FlagValues v = only_required(k);
            v.single.erase(std::string(k.fields[i].flag));
            auto draft = build_draft(relaxed, v, CommonFlags{}, kNow);
            ASSERT_TRUE(draft) << draft.error();
            auto verdict = daemon_verdict(*draft);
            ASSERT_TRUE(verdict) << k.command << " --" << k.fields[i].flag
                                 << " is optional for the daemon";
            EXPECT_EQ(verdict->code, RejectCode::missing_field) << describe(*verdict);
        }
    }
}

TEST(PostKinds, EveryFlagNamesAFieldAndEnumsHaveChoices) {
    for (const PostKind& k : post_kinds()) {
        for (const FieldSpec& spec : k.fields) {
            const auto& field = leaf_field(k, spec);
            if (field.cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_ENUM) {
                EXPECT_FALSE(choices_for(k, spec).empty()) << spec.flag;
            }
        }
    }
}

}  // namespace
}  // namespace baken::cli
