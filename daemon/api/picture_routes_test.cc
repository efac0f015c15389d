// The picture and export routes: what a posted message looks like in the picture, and the
// 4xx a wrong query gets.
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>
#include <sodium.h>

#include "api/api_test_node.h"
#include "api/routes.h"
#include "baken/v1/api.pb.h"
#include "message/envelope_codec.h"

namespace baken {
namespace {
namespace http = boost::beast::http;

class PictureRoutesTest : public ::testing::Test, protected testing::ApiTestNode {
  protected:
    v1::Picture picture_at(const std::string& target) {
        HttpResponse res = call(http::verb::get, target);
        EXPECT_EQ(res.result(), http::status::ok) << res.body();
        v1::Picture p;
        EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(res.body(), &p).ok()) << res.body();
        return p;
    }
    void post(const std::string& draft) {
        HttpResponse res = call(http::verb::post, "/api/v1/messages", draft);
        ASSERT_EQ(res.result(), http::status::created) << res.body();
    }
    static constexpr const char* kStatus =
        R"({"precedence":"IMMEDIATE","body":{"support_point_status":{"support_point":"GM0344-SP07",
        "municipality":"GM0344","name":"Buurthuis De Linde","openness":"CLOSED","power":"GRID",
        "drinking_water":"AVAILABLE","latitude":52.1,"longitude":5.1}}})";
    static constexpr const char* kNeed =
        R"({"precedence":"FLASH","body":{"need":{"support_point":"GM0344-SP07",
        "municipality":"GM0344","category":"DRINKING_WATER","quantity":500,"unit":"litres",
        "urgency":"WITHIN_HOURS","text":"Drinkwater"}}})";
};

TEST_F(PictureRoutesTest, APostedStatusIsInThePictureWithItsConditionAndSource) {
    post(kStatus);
    v1::Picture p = picture_at("/api/v1/picture");
    ASSERT_EQ(p.support_points_size(), 1);
    EXPECT_EQ(p.support_points(0).condition(), v1::CONDITION_CRITICAL);
    EXPECT_EQ(p.support_points(0).source().age_s(), 0);
    EXPECT_EQ(p.message_count(), 1u);
    EXPECT_EQ(p.as_of_ms(), testing::kSampleNowMs);
    EXPECT_EQ(p.digest().size(), 64u);
}

TEST_F(PictureRoutesTest, APartHoldsOnlyThatPart) {
    post(kStatus);
    post(kNeed);
    v1::Picture needs = picture_at("/api/v1/picture/needs");
    EXPECT_EQ(needs.needs_size(), 1);
    EXPECT_EQ(needs.support_points_size(), 0);
    EXPECT_EQ(needs.needs(0).state(), v1::NEED_OPEN);
    v1::Picture points = picture_at("/api/v1/picture/support-points?municipality=GM0344");
    ASSERT_EQ(points.support_points_size(), 1);
    EXPECT_EQ(points.support_points(0).open_needs(), 1u);
    EXPECT_EQ(
        picture_at("/api/v1/picture/support-points?municipality=GM0363").support_points_size(), 0);
}

// An acknowledgement that expired before its need would make the need look open again.
TEST_F(PictureRoutesTest, ANeedUpdateLivesAsLongAsItsNeed) {
    std::string need = kNeed;
    need.insert(1, R"("ttl_seconds":2592000,)");
    HttpResponse posted = call(http::verb::post, "/api/v1/messages", need);
    ASSERT_EQ(posted.result(), http::status::created) << posted.body();
    v1::PostResult need_id;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(posted.body(), &need_id).ok());
    auto raw = from_hex(need_id.id());
    ASSERT_TRUE(raw);
    std::string base64(sodium_base64_encoded_len(raw->size(), sodium_base64_VARIANT_ORIGINAL),
                       '\0');
    sodium_bin2base64(base64.data(), base64.size(), raw->data(), raw->size(),
                      sodium_base64_VARIANT_ORIGINAL);
    base64.resize(base64.size() - 1);  // the terminating NUL
    HttpResponse ack = call(http::verb::post, "/api/v1/messages",
                            R"({"precedence":"ROUTINE","body":{"need_update":{"need":")" + base64 +
                                R"(","state":"ACKNOWLEDGED","municipality":"GM0344"}}})");
    ASSERT_EQ(ack.result(), http::status::created) << ack.body();
    v1::Picture p = picture_at("/api/v1/picture/needs");
    ASSERT_EQ(p.needs_size(), 1);
    EXPECT_EQ(p.needs(0).state(), v1::ACKNOWLEDGED);
    v1::PostResult ack_id;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(ack.body(), &ack_id).ok());
    auto ack_message = store->list({});
    std::int64_t need_expiry = 0, ack_expiry = 0;
    for (const StoredMessage& m : ack_message) {
        auto d = decode_envelope(as_bytes(m.envelope_bytes));
        ASSERT_TRUE(d);
        (to_hex(m.id) == need_id.id() ? need_expiry : ack_expiry) = d->message.expires_ms();
    }
    EXPECT_EQ(ack_expiry, need_expiry);
    EXPECT_EQ(need_expiry, testing::kSampleNowMs + 2592000LL * 1000);
}

TEST_F(PictureRoutesTest, TheDigestRouteAgreesWithThePicture) {
    post(kStatus);
    EXPECT_EQ(picture_at("/api/v1/picture/digest").digest(),
              picture_at("/api/v1/picture").digest());
}

TEST_F(PictureRoutesTest, AWrongQueryIsRefusedNamingTheParameter) {
    HttpResponse res = call(http::verb::get, "/api/v1/picture?municipality=Utrecht");
    EXPECT_EQ(res.result(), http::status::bad_request);
    EXPECT_NE(res.body().find("bad_query"), std::string::npos);
    EXPECT_NE(res.body().find("GM0344"), std::string::npos);
    res = call(http::verb::get, "/api/v1/picture?colour=red");
    EXPECT_EQ(res.result(), http::status::bad_request);
    EXPECT_NE(res.body().find("colour"), std::string::npos);
    EXPECT_EQ(call(http::verb::get, "/api/v1/picture/weather").result(), http::status::not_found);
    EXPECT_EQ(call(http::verb::get, "/api/v1/export/csv?table=people").result(),
              http::status::bad_request);
    EXPECT_EQ(call(http::verb::get, "/api/v1/export/pdf").result(), http::status::not_found);
}

TEST_F(PictureRoutesTest, WhileThePictureIsLoadingItsRoutesSaySoAndTheRestAnswers) {
    post(kStatus);
    picture_load = {true, 1000, 100000};
    for (const char* target : {"/api/v1/picture", "/api/v1/picture/needs", "/api/v1/picture/digest",
                               "/api/v1/export/csv"}) {
        HttpResponse res = call(http::verb::get, target);
        EXPECT_EQ(res.result(), http::status::service_unavailable) << target;
        EXPECT_NE(res.body().find("picture_loading"), std::string::npos) << target;
        EXPECT_NE(res.body().find("1000 of 100000 messages"), std::string::npos) << res.body();
        EXPECT_EQ(res[http::field::retry_after], "1") << target;
    }
    EXPECT_EQ(call(http::verb::get, "/api/v1/status").result(), http::status::ok);
    picture_load = {};
    EXPECT_EQ(call(http::verb::get, "/api/v1/picture").result(), http::status::ok);
}

TEST_F(PictureRoutesTest, WithoutTheTokenThePictureGivesNothing) {
    post(kStatus);
    HttpResponse res = call(http::verb::get, "/api/v1/picture", "", false);
    EXPECT_EQ(res.result(), http::status::unauthorized);
    EXPECT_EQ(res.body().find("GM0344"), std::string::npos);
}

TEST_F(PictureRoutesTest, ExportsHaveTheirContentTypes) {
    post(kStatus);
    post(kNeed);
    HttpResponse geo = call(http::verb::get, "/api/v1/export/geojson");
    EXPECT_EQ(geo.result(), http::status::ok);
    EXPECT_EQ(geo[http::field::content_type], "application/geo+json");
    EXPECT_NE(geo.body().find("\"FeatureCollection\""), std::string::npos);
    EXPECT_NE(geo.body().find("DRINKING_WATER"), std::string::npos);
    HttpResponse csv = call(http::verb::get, "/api/v1/export/csv?table=needs");
    EXPECT_EQ(csv.result(), http::status::ok);
    EXPECT_EQ(csv[http::field::content_type], "text/csv; charset=utf-8");
    EXPECT_EQ(csv.body().rfind("need_id,", 0), 0u);
}

}  // namespace
}  // namespace baken
