// The API's behaviour per route, without sockets: requests in, responses out.
#include "api/routes.h"

#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include "api/api_test_node.h"
#include "baken/v1/api.pb.h"
#include "message/envelope_codec.h"

namespace baken {
namespace {
namespace http = boost::beast::http;

class RoutesTest : public ::testing::Test, protected testing::ApiTestNode {
  protected:
    template <typename T>
    T parse(const HttpResponse& res) {
        T out;
        EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(res.body(), &out).ok())
            << res.body();
        return out;
    }
};

const char* kSitrepDraft =
    R"({"precedence":"FLASH","body":{"sitrep":{"municipality":"GM0344","phase":"WARM_UNDER_72H",
  "entries":[{"pillar":"VITAL_SERVICES","topic":"power","severity":"FAILED","text":"Stroomstoring"}]}}})";

TEST_F(RoutesTest, RequestsWithoutTheTokenGetNothing) {
    auto res = call(http::verb::get, "/api/v1/status", "", false);
    EXPECT_EQ(res.result(), http::status::unauthorized);
    EXPECT_EQ(res.body().find("Test node"), std::string::npos);
}

TEST_F(RoutesTest, PostedDraftIsSignedByTheNodeStoredAndListed) {
    auto res = call(http::verb::post, "/api/v1/messages", kSitrepDraft);
    ASSERT_EQ(res.result(), http::status::created) << res.body();
    auto posted = parse<v1::PostResult>(res);
    auto list = parse<v1::MessageList>(call(http::verb::get, "/api/v1/messages?kind=sitrep"));
    ASSERT_EQ(list.messages_size(), 1);
    EXPECT_EQ(list.messages(0).id(), posted.id());
    EXPECT_EQ(list.messages(0).author(), to_hex(identity.public_key()));
    EXPECT_EQ(list.messages(0).message().body().sitrep().municipality(), "GM0344");
    EXPECT_EQ(list.messages(0).expires_ms() - list.messages(0).created_ms(), 3600 * 1000);
}

TEST_F(RoutesTest, GetOneAcceptsAUniqueIdPrefix) {
    auto posted = parse<v1::PostResult>(call(http::verb::post, "/api/v1/messages", kSitrepDraft));
    auto res = call(http::verb::get, "/api/v1/messages/" + posted.id().substr(0, 10));
    ASSERT_EQ(res.result(), http::status::ok) << res.body();
    EXPECT_EQ(parse<v1::MessageView>(res).id(), posted.id());
    auto raw = call(http::verb::get, "/api/v1/messages/" + posted.id() + "/envelope");
    ASSERT_EQ(raw.result(), http::status::ok);
    EXPECT_TRUE(decode_envelope(as_bytes(raw.body())));
}

TEST_F(RoutesTest, UnknownIdIsNotFound) {
    auto res = call(http::verb::get, "/api/v1/messages/" + std::string(64, 'a'));
    EXPECT_EQ(res.result(), http::status::not_found);
}

TEST_F(RoutesTest, WrongJsonIsABadRequestWithTheParsersWords) {
    auto res = call(http::verb::post, "/api/v1/messages",
                    R"({"precedence": "FLASH", "body": {"sitrep": [}})");
    EXPECT_EQ(res.result(), http::status::bad_request);
    EXPECT_EQ(parse<v1::ApiError>(res).error(), "bad_json");
}

TEST_F(RoutesTest, UnknownJsonFieldIsABadRequest) {
    auto res =
        call(http::verb::post, "/api/v1/messages", R"({"precedence": "FLASH", "colour": "red"})");
    EXPECT_EQ(res.result(), http::status::bad_request);
}

TEST_F(RoutesTest, MissingRequiredFieldIsRefusedWithItsName) {
    auto res = call(
        http::verb::post, "/api/v1/messages",
        R"({"precedence":"ROUTINE","body":{"need":{"municipality":"GM0344","category":"FOOD","urgency":"TODAY"}}})");
    EXPECT_EQ(res.result(), http::status::unprocessable_entity);
    auto e = parse<v1::ApiError>(res);
    EXPECT_EQ(e.error(), "missing_field");
    EXPECT_NE(e.detail().find("need.support_point"), std::string::npos);
    EXPECT_EQ(store->stats().message_count, 0u);
}

TEST_F(RoutesTest, DraftWithoutKindIsRefusedAsUnknownKind) {
    auto res = call(http::verb::post, "/api/v1/messages", R"({"precedence":"ROUTINE","body":{}})");
    EXPECT_EQ(parse<v1::ApiError>(res).error(), "unknown_kind");
}

TEST_F(RoutesTest, EnvelopeWithAFlippedByteIsRefusedAsBadSignature) {
    auto m = testing::signed_sitrep(Identity::generate(), 1);
    std::string flipped = m.envelope_bytes;
    flipped[flipped.find("Situatie")] ^= 0x04;  // inside the signed text
    auto res = call(http::verb::post, "/api/v1/envelopes", flipped);
    EXPECT_EQ(res.result(), http::status::unprocessable_entity);
    EXPECT_EQ(parse<v1::ApiError>(res).error(), "bad_signature");
    auto ok = call(http::verb::post, "/api/v1/envelopes", m.envelope_bytes);
    EXPECT_EQ(ok.result(), http::status::created);
    auto again = call(http::verb::post, "/api/v1/envelopes", m.envelope_bytes);
    EXPECT_EQ(again.result(), http::status::ok);
    EXPECT_TRUE(parse<v1::PostResult>(again).duplicate());
}

TEST_F(RoutesTest, MalformedEnvelopeIsRefusedAsMalformed) {
    auto res = call(http::verb::post, "/api/v1/envelopes", "\x0a\x05zz");
    EXPECT_EQ(parse<v1::ApiError>(res).error(), "malformed");
}

TEST_F(RoutesTest, StatusCountsMessagesAndRejections) {
    call(http::verb::post, "/api/v1/messages", kSitrepDraft);
    call(http::verb::post, "/api/v1/envelopes", "garbage");
    auto status = parse<v1::NodeStatus>(call(http::verb::get, "/api/v1/status"));
    EXPECT_EQ(status.message_count(), 1u);
    EXPECT_EQ(status.messages_by_kind().at("sitrep"), 1u);
    EXPECT_EQ(status.rejections_by_reason().at("malformed"), 1u);
    EXPECT_EQ(status.fingerprint(), identity.fingerprint());
}

TEST_F(RoutesTest, StatusSaysTheNodeIsHealthyWhenNothingIsWrong) {
    auto status = parse<v1::NodeStatus>(call(http::verb::get, "/api/v1/status"));
    EXPECT_EQ(status.health(), "ok");
    EXPECT_EQ(status.problems_size(), 0);
}

TEST_F(RoutesTest, MetricsNeedTheToken) {
    EXPECT_EQ(call(http::verb::get, "/api/v1/metrics", "", false).result(),
              http::status::unauthorized);
}

TEST_F(RoutesTest, MetricsCountMessagesRejectionsAndStorageInPrometheusText) {
    call(http::verb::post, "/api/v1/messages", kSitrepDraft);
    call(http::verb::post, "/api/v1/envelopes", "garbage");
    auto res = call(http::verb::get, "/api/v1/metrics");
    ASSERT_EQ(res.result(), http::status::ok);
    EXPECT_EQ(res[http::field::content_type], "text/plain; version=0.0.4; charset=utf-8");
    const std::string& body = res.body();
    for (const char* line :
         {"# TYPE baken_messages_stored gauge\n", "baken_messages_stored{kind=\"sitrep\"} 1\n",
          "baken_messages_rejected_total{reason=\"malformed\"} 1\n",
          "baken_messages_rejected_total{reason=\"bad_signature\"} 0\n", "baken_healthy 1\n",
          "# TYPE baken_storage_used_bytes gauge\n", "baken_peers_connected 0\n",
          "# TYPE baken_radio_airtime_seconds_total counter\n"})
        EXPECT_NE(body.find(line), std::string::npos) << line << " in\n" << body;
}

TEST_F(RoutesTest, BadQueryParametersAreNamed) {
    EXPECT_EQ(call(http::verb::get, "/api/v1/messages?kind=gossip").result(),
              http::status::bad_request);
    EXPECT_EQ(call(http::verb::get, "/api/v1/messages?limit=0").result(),
              http::status::bad_request);
    auto res = call(http::verb::get, "/api/v1/messages?colour=red");
    EXPECT_NE(parse<v1::ApiError>(res).detail().find("colour"), std::string::npos);
}

TEST_F(RoutesTest, ListSaysWhenItWasTruncated) {
    for (int i = 0; i < 3; ++i) {
        clock.advance_ms(1);
        call(http::verb::post, "/api/v1/messages", kSitrepDraft);
    }
    auto list = parse<v1::MessageList>(call(http::verb::get, "/api/v1/messages?limit=2"));
    EXPECT_EQ(list.messages_size(), 2);
    EXPECT_TRUE(list.truncated());
}

}  // namespace
}  // namespace baken
