#include "api_client.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "support/temp_dir.h"

namespace baken::cli {
namespace {

const ApiEndpoint kEndpoint{"127.0.0.1:17718", "/srv/baken"};

CliError reply(unsigned status, std::string body, bool posting = false) {
    return error_from_reply(HttpReply{status, std::move(body)}, kEndpoint, posting);
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

TEST(ApiErrors, UnauthorizedNamesTheTokenFile) {
    CliError e = reply(401, R"({"error":"unauthorized","detail":"send ..."})");
    EXPECT_EQ(e.code, ExitCode::unauthorized);
    EXPECT_TRUE(contains(e.message, "/srv/baken/api.token")) << e.message;
    EXPECT_TRUE(contains(e.message, "127.0.0.1:17718")) << e.message;
}

TEST(ApiErrors, NotFoundAndAmbiguousIds) {
    CliError missing = reply(404, R"({"error":"not_found","detail":"no message abcd1234"})");
    EXPECT_EQ(missing.code, ExitCode::not_found);
    EXPECT_EQ(missing.message, "no message abcd1234");
    CliError ambiguous = reply(
        409,
        R"({"error":"ambiguous_id","detail":"abcd1234 matches 2 messages; give more characters"})");
    EXPECT_EQ(ambiguous.code, ExitCode::not_found);
    EXPECT_EQ(ambiguous.message, "abcd1234 matches 2 messages; give more characters");
}

TEST(ApiErrors, RefusalsShowTheReasonOnce) {
    CliError sig =
        reply(422, R"({"error":"bad_signature","detail":"bad signature: does not verify"})", true);
    EXPECT_EQ(sig.code, ExitCode::refused);
    EXPECT_EQ(sig.message, "refused: bad signature: does not verify");
    CliError bare = reply(
        422, R"({"error":"missing_field","detail":"required field sitrep.municipality is empty"})",
        true);
    EXPECT_EQ(bare.message, "refused: missing field: required field sitrep.municipality is empty");
    EXPECT_EQ(reply(507, R"({"error":"storage_full"})", true).message, "refused: storage full");
    EXPECT_EQ(reply(413, R"({"error":"oversized","detail":"x"})", true).code, ExitCode::refused);
}

TEST(ApiErrors, AStorageErrorRefusesAPostButIsAFailureOfARead) {
    std::string body = R"({"error":"storage_error","detail":"the disk failed"})";
    EXPECT_EQ(reply(500, body, true).code, ExitCode::refused);
    EXPECT_EQ(reply(500, body, false).code, ExitCode::other);
}

TEST(ApiErrors, BadRequestIsAUsageError) {
    CliError e = reply(400, R"({"error":"bad_request","detail":"limit must be 1..1000"})");
    EXPECT_EQ(e.code, ExitCode::usage);
    EXPECT_TRUE(contains(e.message, "limit must be 1..1000"));
}

TEST(ApiErrors, AnythingElseKeepsTheStatusAndABodyThatIsNotJson) {
    CliError e = reply(503, "<html>Service Unavailable</html>\n");
    EXPECT_EQ(e.code, ExitCode::other);
    EXPECT_EQ(e.message,
              "the daemon at 127.0.0.1:17718 answered HTTP 503: <html>Service Unavailable</html>");
}

TEST(ApiErrors, AnUnreachableDaemonSaysWhereAndHowToStartIt) {
    CliError e = error_from_transport({TransportError::Stage::connect, "Connection refused"},
                                      kEndpoint, false);
    EXPECT_EQ(e.code, ExitCode::unreachable);
    EXPECT_TRUE(
        contains(e.message, "cannot reach the daemon at 127.0.0.1:17718: Connection refused"))
        << e.message;
    EXPECT_TRUE(contains(e.message, "bakend --data /srv/baken")) << e.message;
}

TEST(ApiErrors, ALostAnswerToAPostMayHaveStoredIt) {
    CliError e =
        error_from_transport({TransportError::Stage::exchange, "no answer"}, kEndpoint, true);
    EXPECT_EQ(e.code, ExitCode::unreachable);
    EXPECT_TRUE(contains(e.message, "may or may not have been stored")) << e.message;
    EXPECT_FALSE(contains(
        error_from_transport({TransportError::Stage::exchange, "x"}, kEndpoint, false).message,
        "stored"));
}

TEST(ApiToken, IsReadWithoutTheNewline) {
    testing::TempDir dir;
    std::ofstream(dir.path() / "api.token") << std::string(64, 'a') << "\n";
    auto token = read_api_token(dir.path() / "api.token");
    ASSERT_TRUE(token);
    EXPECT_EQ(*token, std::string(64, 'a'));
}

TEST(ApiToken, MissingOrEmptyIsUnauthorizedNamingTheFile) {
    testing::TempDir dir;
    auto missing = read_api_token(dir.path() / "api.token");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ExitCode::unauthorized);
    EXPECT_TRUE(contains(missing.error().message, (dir.path() / "api.token").string()));
    std::ofstream(dir.path() / "api.token") << "\n";
    auto empty = read_api_token(dir.path() / "api.token");
    ASSERT_FALSE(empty);
    EXPECT_EQ(empty.error().code, ExitCode::unauthorized);
}

TEST(ApiToken, UnreadableIsUnauthorized) {
    if (::geteuid() == 0) GTEST_SKIP() << "root reads any file";
    testing::TempDir dir;
    std::ofstream(dir.path() / "api.token") << "secret\n";
    ::chmod((dir.path() / "api.token").c_str(), 0);
    auto token = read_api_token(dir.path() / "api.token");
    ASSERT_FALSE(token);
    EXPECT_EQ(token.error().code, ExitCode::unauthorized);
}

TEST(ListTarget, PutsOnlyGivenParametersInTheQuery) {
    EXPECT_EQ(list_target({}), "/api/v1/messages");
    ListQuery q;
    q.kind = "sitrep";
    q.author = std::string(64, 'b');
    q.limit = 5;
    q.include_expired = true;
    EXPECT_EQ(list_target(q), "/api/v1/messages?kind=sitrep&author=" + std::string(64, 'b') +
                                  "&limit=5&include_expired=true");
}

}  // namespace
}  // namespace baken::cli
