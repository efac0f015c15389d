// The notice board page, rendered from a picture built here (no engine needed).
#include "web/notice_board.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <ctime>

namespace baken::web {
namespace {

constexpr std::int64_t kNow = 1'773'482'400'000;  // 2026-03-14 10:00 UTC
constexpr std::int64_t kHour = 3600 * 1000;

bool has(const std::string& page, const std::string& text) {
    return page.find(text) != std::string::npos;
}

v1::Picture sample_picture() {
    v1::Picture p;
    p.set_as_of_ms(kNow);
    auto* sp = p.add_support_points();
    sp->set_support_point("GM0344-SP07");
    sp->set_municipality("GM0344");
    sp->set_name("Buurthuis De Linde");
    auto* s = sp->mutable_status();
    s->set_support_point("GM0344-SP07");
    s->set_municipality("GM0344");
    s->set_openness(v1::OPEN);
    s->set_power(v1::GENERATOR);
    s->set_fuel_hours(18);
    s->set_drinking_water(v1::SCARCE);
    s->set_comms("radio <b>LAN</b>");
    s->set_note("<script>alert('status')</script>");
    sp->mutable_source()->set_created_ms(kNow - 2 * kHour);
    auto* other = p.add_support_points();
    other->set_support_point("GM0344-SP08");
    other->set_municipality("GM0344");

    auto add_need = [&](v1::NeedCategory category, v1::NeedState state, const char* text) {
        auto* n = p.add_needs();
        n->set_support_point("GM0344-SP07");
        n->set_municipality("GM0344");
        n->set_category(category);
        n->set_quantity(500);
        n->set_unit("liter");
        n->set_text(text);
        n->set_state(state);
        n->set_note("note for staff");
        n->set_assigned_to("Jan de Vries");
        n->set_has_restricted(true);
        n->mutable_source()->set_created_ms(kNow - kHour);
    };
    add_need(v1::DRINKING_WATER, v1::ACKNOWLEDGED, "water for mevrouw X, Lindelaan 4");
    add_need(v1::MEDICAL, v1::NEED_OPEN, "insuline");
    add_need(v1::FOOD, v1::FULFILLED, "brood");

    auto add_announcement = [&](const char* area, v1::AnnouncementState state,
                                const char* headline) {
        auto* a = p.add_announcements();
        a->set_state(state);
        a->set_effective_ms(kNow - 3 * kHour);
        a->set_expires_ms(kNow + 24 * kHour);
        a->mutable_announcement()->set_audience_area(area);
        a->mutable_announcement()->mutable_headline()->set_nl(headline);
        a->mutable_announcement()->mutable_headline()->set_en(std::string(headline) + " (en)");
        a->mutable_announcement()->mutable_text()->set_nl("Kook water <img src=x onerror=y>");
        a->mutable_announcement()->mutable_instruction()->set_nl("Kook 3 minuten");
    };
    add_announcement("GM0344-SP07", v1::ANNOUNCEMENT_ACTIVE, "Voor dit punt");
    add_announcement("GM0344", v1::ANNOUNCEMENT_ACTIVE, "Voor de gemeente");
    add_announcement("VR09", v1::ANNOUNCEMENT_ACTIVE, "Voor de regio");
    add_announcement("GM0363", v1::ANNOUNCEMENT_ACTIVE, "Andere gemeente");
    add_announcement("GM0344-SP08", v1::ANNOUNCEMENT_ACTIVE, "Ander punt");
    add_announcement("GM0344", v1::ANNOUNCEMENT_EXPIRED, "Verlopen bericht");
    add_announcement("GM0344", v1::ANNOUNCEMENT_PENDING, "Nog niet geldig");

    auto* m = p.add_municipalities();
    m->set_municipality("GM0344");
    auto* power = m->add_cells();
    power->set_pillar(v1::VITAL_SERVICES);
    power->set_topic("power");
    power->set_severity(v1::FAILED);
    power->set_text("Stroomstoring <script>x()</script>");
    power->mutable_source()->set_created_ms(kNow - 30 * 60 * 1000);
    auto* internal = m->add_cells();
    internal->set_pillar(v1::OWN_CONTINUITY);
    internal->set_topic("staff");
    internal->set_text("Helft van de staf ziek");
    return p;
}

class NoticeBoard : public ::testing::Test {
  protected:
    void SetUp() override {
        setenv("TZ", "UTC", 1);
        tzset();
    }
};

TEST_F(NoticeBoard, ShowsTheStatusWithTimeAndAge) {
    auto page = render_notice_board(sample_picture(), "GM0344-SP07", Language::nl, kNow);
    ASSERT_TRUE(page);
    EXPECT_TRUE(has(*page, "<h1>Buurthuis De Linde</h1>"));
    EXPECT_TRUE(has(*page, "GM0344-SP07"));
    EXPECT_TRUE(has(*page, "Stand van zaken op 14-03-2026 10:00"));
    EXPECT_TRUE(has(*page, ">Open<"));
    EXPECT_TRUE(has(*page, "aggregaat (brandstof voor nog ongeveer 18 uur)"));
    EXPECT_TRUE(has(*page, "Drinkwater beperkt beschikbaar"));
    EXPECT_TRUE(has(*page, "14-03-2026 08:00 (2 uur geleden)"));
    EXPECT_TRUE(has(*page, "href=\"/notice/style.css\""));
    EXPECT_TRUE(has(*page, "lang=\"nl\""));
}

TEST_F(NoticeBoard, EscapesEveryStringFromMessages) {
    auto page = render_notice_board(sample_picture(), "GM0344-SP07", Language::nl, kNow);
    ASSERT_TRUE(page);
    EXPECT_FALSE(has(*page, "<script>"));
    EXPECT_FALSE(has(*page, "<img"));
    EXPECT_FALSE(has(*page, "<b>"));
    EXPECT_TRUE(has(*page, "&lt;script&gt;alert(&#39;status&#39;)&lt;/script&gt;"));
    EXPECT_TRUE(has(*page, "Stroomstoring &lt;script&gt;x()&lt;/script&gt;"));
    EXPECT_TRUE(has(*page, "radio &lt;b&gt;LAN&lt;/b&gt;"));
}

TEST_F(NoticeBoard, ShowsOpenNeedsWithoutTheirDetailsAndNoMedicalNeeds) {
    auto page = render_notice_board(sample_picture(), "GM0344-SP07", Language::nl, kNow);
    ASSERT_TRUE(page);
    EXPECT_TRUE(has(*page, "Drinkwater</strong>: 500 liter &mdash; in behandeling"));
    EXPECT_FALSE(has(*page, "mevrouw X"));
    EXPECT_FALSE(has(*page, "Lindelaan"));
    EXPECT_FALSE(has(*page, "Jan de Vries"));
    EXPECT_FALSE(has(*page, "note for staff"));
    EXPECT_FALSE(has(*page, "insuline"));
    EXPECT_FALSE(has(*page, "Medisch"));
    EXPECT_FALSE(has(*page, "Voedsel")) << "a fulfilled need is not shown";
}

TEST_F(NoticeBoard, ShowsAUnitOnlyWhenItIsAPlainUnit) {
    auto page_with_unit = [](const std::string& unit) {
        v1::Picture p = sample_picture();
        for (v1::NeedView& n : *p.mutable_needs()) n.set_unit(unit);
        auto page = render_notice_board(p, "GM0344-SP07", Language::nl, kNow);
        EXPECT_TRUE(page);
        return page.value_or("");
    };
    // Known units, in any case, come out in the board's own spelling.
    EXPECT_TRUE(has(page_with_unit("LITER"), "Drinkwater</strong>: 500 liter &mdash;"));
    EXPECT_TRUE(has(page_with_unit("Kg"), "Drinkwater</strong>: 500 kg &mdash;"));
    EXPECT_TRUE(has(page_with_unit("l"), "Drinkwater</strong>: 500 l &mdash;"));
    EXPECT_TRUE(has(page_with_unit("Maaltijden"), "Drinkwater</strong>: 500 maaltijden &mdash;"));
    EXPECT_TRUE(has(page_with_unit("dozen"), "Drinkwater</strong>: 500 dozen &mdash;"));
    // Anything else is free text: the amount stays, the unit goes.
    for (const char* unit :
         {"flessen voor mevrouw X", "liter ", "insuline", "<b>kg</b>", "kgs", "lite", "stuks\n"}) {
        const std::string page = page_with_unit(unit);
        EXPECT_TRUE(has(page, "Drinkwater</strong>: 500 &mdash;")) << unit;
        EXPECT_FALSE(has(page, "mevrouw")) << unit;
        EXPECT_FALSE(has(page, "&lt;b&gt;kg")) << unit;
    }
    EXPECT_FALSE(has(page_with_unit("flessen"), "flessen"));
}

TEST_F(NoticeBoard, ShowsActiveAnnouncementsForThePointItsMunicipalityAndRegion) {
    auto page = render_notice_board(sample_picture(), "GM0344-SP07", Language::nl, kNow);
    ASSERT_TRUE(page);
    EXPECT_TRUE(has(*page, "Voor dit punt"));
    EXPECT_TRUE(has(*page, "Voor de gemeente"));
    EXPECT_TRUE(has(*page, "Voor de regio"));
    EXPECT_FALSE(has(*page, "Andere gemeente"));
    EXPECT_FALSE(has(*page, "Ander punt"));
    EXPECT_FALSE(has(*page, "Verlopen bericht"));
    EXPECT_FALSE(has(*page, "Nog niet geldig"));
    EXPECT_TRUE(has(*page, "Wat moet u doen: </strong>Kook 3 minuten"));
    EXPECT_TRUE(has(*page, "Sinds 14-03-2026 07:00 (3 uur geleden), geldig tot 15-03-2026 10:00"));
}

TEST_F(NoticeBoard, ShowsVitalServicesOfTheMunicipalityOnly) {
    auto page = render_notice_board(sample_picture(), "GM0344-SP07", Language::nl, kNow);
    ASSERT_TRUE(page);
    EXPECT_TRUE(has(*page, "<strong>power</strong>: uitgevallen"));
    EXPECT_TRUE(has(*page, "30 min geleden"));
    EXPECT_FALSE(has(*page, "Helft van de staf")) << "only the vital-services pillar";
}

TEST_F(NoticeBoard, EnglishOnRequestFallingBackToDutchText) {
    auto page = render_notice_board(sample_picture(), "GM0344-SP07", Language::en, kNow);
    ASSERT_TRUE(page);
    EXPECT_TRUE(has(*page, "lang=\"en\""));
    EXPECT_TRUE(has(*page, "Voor dit punt (en)"));
    EXPECT_TRUE(has(*page, "Kook water"));  // no English text given
    EXPECT_TRUE(has(*page, "Drinking water scarce"));
    EXPECT_TRUE(has(*page, "2 hours ago"));
}

TEST_F(NoticeBoard, UnknownPointGivesNothing) {
    EXPECT_FALSE(render_notice_board(sample_picture(), "GM0344-SP99", Language::nl, kNow));
}

TEST_F(NoticeBoard, PointWithoutStatusSaysSo) {
    auto page = render_notice_board(sample_picture(), "GM0344-SP08", Language::nl, kNow);
    ASSERT_TRUE(page);
    EXPECT_TRUE(has(*page, "nog geen status"));
}

TEST_F(NoticeBoard, IndexLinksEveryPoint) {
    std::string page = render_notice_index(sample_picture(), Language::nl, kNow);
    EXPECT_TRUE(has(page, "<a href=\"/notice/GM0344-SP07\">Buurthuis De Linde</a>"));
    EXPECT_TRUE(has(page, "<a href=\"/notice/GM0344-SP08\">GM0344-SP08</a>"));
    EXPECT_FALSE(has(page, "<script>"));
}

TEST_F(NoticeBoard, StylesheetIsA4ForPrint) {
    EXPECT_NE(notice_stylesheet().find("size: A4"), std::string_view::npos);
}

}  // namespace
}  // namespace baken::web
