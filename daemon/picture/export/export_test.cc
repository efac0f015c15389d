// GeoJSON and CSV exports: the shapes GIS tools and spreadsheets expect, and text from messages
// that cannot break out of its cell.
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include "picture/export/csv.h"
#include "picture/export/geojson.h"
#include "picture/export/time_text.h"

namespace baken::picture {
namespace {

v1::Picture sample_picture() {
    v1::Picture p;
    p.set_as_of_ms(1795953600000);
    v1::SupportPointView* point = p.add_support_points();
    point->set_support_point("GM0344-SP07");
    point->set_name("Buurthuis \"De Linde\"");
    point->set_municipality("GM0344");
    point->set_condition(v1::CONDITION_STRAINED);
    point->set_open_needs(1);
    point->mutable_status()->set_openness(v1::OPEN);
    point->mutable_status()->set_latitude(52.109);
    point->mutable_status()->set_longitude(5.108);
    point->mutable_source()->set_created_ms(1795953000000);
    v1::SupportPointView* unknown = p.add_support_points();
    unknown->set_support_point("GM0344-SP08");
    unknown->set_condition(v1::CONDITION_UNKNOWN);
    v1::NeedView* need = p.add_needs();
    need->set_need_id("ab");
    need->set_support_point("GM0344-SP07");
    need->set_category(v1::DRINKING_WATER);
    need->set_state(v1::ACKNOWLEDGED);
    need->set_text("=HYPERLINK(\"http://x\")");
    v1::NeedView* done = p.add_needs();
    done->set_need_id("cd");
    done->set_support_point("GM0344-SP07");
    done->set_state(v1::FULFILLED);
    return p;
}

TEST(GeoJson, EverySupportPointIsAFeatureWithItsOpenNeeds) {
    google::protobuf::Struct root;
    ASSERT_TRUE(
        google::protobuf::util::JsonStringToMessage(to_geojson(sample_picture()), &root).ok());
    const auto& fields = root.fields();
    EXPECT_EQ(fields.at("type").string_value(), "FeatureCollection");
    const auto& features = fields.at("features").list_value();
    ASSERT_EQ(features.values_size(), 2);
    const auto& first = features.values(0).struct_value().fields();
    const auto& coordinates = first.at("geometry").struct_value().fields().at("coordinates");
    EXPECT_DOUBLE_EQ(coordinates.list_value().values(0).number_value(), 5.108);  // lon first
    const auto& props = first.at("properties").struct_value().fields();
    EXPECT_EQ(props.at("name").string_value(), "Buurthuis \"De Linde\"");
    EXPECT_EQ(props.at("condition").string_value(), "CONDITION_STRAINED");
    ASSERT_EQ(props.at("needs").list_value().values_size(), 1);  // the fulfilled one is not open
    EXPECT_EQ(props.at("needs")
                  .list_value()
                  .values(0)
                  .struct_value()
                  .fields()
                  .at("category")
                  .string_value(),
              "DRINKING_WATER");
    // A point without coordinates is listed with a null geometry.
    EXPECT_TRUE(features.values(1).struct_value().fields().at("geometry").has_null_value());
}

TEST(Csv, CellsAreQuotedAndFormulasDefused) {
    EXPECT_EQ(csv_cell("plain"), "plain");
    EXPECT_EQ(csv_cell("a,b"), "\"a,b\"");
    EXPECT_EQ(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
    EXPECT_EQ(csv_cell("=1+1"), "'=1+1");
    EXPECT_EQ(csv_cell("-5"), "'-5");
    EXPECT_EQ(csv_cell("line\nbreak"), "\"line\nbreak\"");
}

TEST(Csv, NeedsTableHasAHeaderAndOneRowPerNeed) {
    std::string csv = to_csv(sample_picture(), CsvTable::needs);
    EXPECT_EQ(csv.rfind("need_id,support_point,", 0), 0u);
    EXPECT_NE(csv.find("ACKNOWLEDGED"), std::string::npos);
    EXPECT_NE(csv.find("\"'=HYPERLINK(\"\"http://x\"\")\""), std::string::npos);
    std::size_t lines = 0;
    for (std::size_t at = 0; (at = csv.find("\r\n", at)) != std::string::npos; at += 2) ++lines;
    EXPECT_EQ(lines, 3u);
}

TEST(TimeText, IsRfc3339InUtc) {
    EXPECT_EQ(utc_text(1795953600000), "2026-11-29T12:00:00Z");
}

}  // namespace
}  // namespace baken::picture
