// The transport and the ApiClient against a one-shot HTTP server in a thread: the real
// bytes on a loopback socket, no daemon process.
#include "http_transport.h"

#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fstream>
#include <thread>

#include "api_client.h"
#include "support/temp_dir.h"

namespace baken::cli {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

TEST(HostPort, SplitsIpv4NamesAndBracketedIpv6) {
    auto v4 = split_host_port("127.0.0.1:7718");
    ASSERT_TRUE(v4);
    EXPECT_EQ(v4->host, "127.0.0.1");
    EXPECT_EQ(v4->port, "7718");
    auto v6 = split_host_port("[::1]:7718");
    ASSERT_TRUE(v6);
    EXPECT_EQ(v6->host, "::1");
    EXPECT_EQ(split_host_port("localhost:80")->host, "localhost");
}

TEST(HostPort, RefusesWhatIsNotHostColonPort) {
    for (const char* text : {"", "127.0.0.1", ":7718", "127.0.0.1:", "::1:7718", "[::1:7718",
                             "host:77x", "h:123456"}) {
        EXPECT_FALSE(split_host_port(text)) << text;
    }
}

// Accepts one connection, records the request, answers with `status` and `body`.
class OneShotServer {
  public:
    OneShotServer(unsigned status, std::string body, bool answer = true)
        : acceptor_(io_, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0)) {
        thread_ = std::thread(
            [this, status, body = std::move(body), answer] { serve(status, body, answer); });
    }
    ~OneShotServer() {
        release_ = true;
        thread_.join();
    }
    std::string address() const {
        return "127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port());
    }
    const http::request<http::string_body>& request() const { return request_; }

  private:
    void serve(unsigned status, const std::string& body, bool answer) {
        tcp::socket socket(io_);
        acceptor_.accept(socket);
        beast::flat_buffer buffer;
        http::read(socket, buffer, request_);
        if (!answer) {
            while (!release_) std::this_thread::sleep_for(std::chrono::milliseconds(10));
            return;
        }
        http::response<http::string_body> res{static_cast<http::status>(status), 11};
        res.set(http::field::content_type, "application/json");
        res.body() = body;
        res.prepare_payload();
        http::write(socket, res);
    }

    net::io_context io_;
    tcp::acceptor acceptor_;
    http::request<http::string_body> request_;
    std::atomic<bool> release_{false};
    std::thread thread_;
};

ApiEndpoint endpoint_with_token(const testing::TempDir& dir, const std::string& address) {
    std::ofstream(dir.path() / "api.token") << std::string(64, 'c') << "\n";
    return ApiEndpoint{address, dir.path(), std::chrono::milliseconds(2000)};
}

TEST(ApiClient, PostsTheDraftAsJsonWithTheBearerToken) {
    testing::TempDir dir;
    OneShotServer server(201, R"({"id":")" + std::string(64, 'e') + R"(","duplicate":false})");
    ApiClient client(endpoint_with_token(dir, server.address()));
    v1::Draft draft;
    draft.set_precedence(v1::FLASH);
    draft.mutable_body()->mutable_need()->set_support_point("GM0344-SP07");
    auto result = client.post(draft);
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(result->id(), std::string(64, 'e'));
    EXPECT_EQ(server.request().method(), http::verb::post);
    EXPECT_EQ(server.request().target(), "/api/v1/messages");
    EXPECT_EQ(server.request()[http::field::authorization], "Bearer " + std::string(64, 'c'));
    EXPECT_EQ(server.request().body(),
              R"({"precedence":"FLASH","body":{"need":{"support_point":"GM0344-SP07"}}})");
}

TEST(ApiClient, ReadsAnswersWithFieldsItDoesNotKnow) {
    testing::TempDir dir;
    OneShotServer server(200, R"({"name":"Buurthuis","uptime_s":"60","added_in_v2":true})");
    ApiClient client(endpoint_with_token(dir, server.address()));
    auto status = client.status();
    ASSERT_TRUE(status) << status.error().message;
    EXPECT_EQ(status->name(), "Buurthuis");
    EXPECT_EQ(status->uptime_s(), 60);
}

TEST(ApiClient, MapsAnErrorAnswer) {
    testing::TempDir dir;
    OneShotServer server(
        422,
        R"({"error":"invalid_field","detail":"invalid field: sitrep.municipality must be a CBS code"})");
    ApiClient client(endpoint_with_token(dir, server.address()));
    auto result = client.post(v1::Draft{});
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ExitCode::refused);
    EXPECT_EQ(result.error().message,
              "refused: invalid field: sitrep.municipality must be a CBS code");
}

TEST(ApiClient, NobodyListeningIsUnreachable) {
    std::string address;
    {
        net::io_context io;
        tcp::acceptor probe(io, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0));
        address = "127.0.0.1:" + std::to_string(probe.local_endpoint().port());
    }  // closed again: nothing listens there now
    testing::TempDir dir;
    auto result = ApiClient(endpoint_with_token(dir, address)).status();
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ExitCode::unreachable);
    EXPECT_NE(result.error().message.find(address), std::string::npos) << result.error().message;
}

TEST(ApiClient, ADaemonThatNeverAnswersTimesOut) {
    testing::TempDir dir;
    OneShotServer server(200, "", /*answer=*/false);
    ApiEndpoint endpoint = endpoint_with_token(dir, server.address());
    endpoint.timeout = std::chrono::milliseconds(200);
    auto result = ApiClient(endpoint).post(v1::Draft{});
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ExitCode::unreachable);
    EXPECT_NE(result.error().message.find("no answer within the time limit"), std::string::npos)
        << result.error().message;
    EXPECT_NE(result.error().message.find("may or may not have been stored"), std::string::npos);
}

}  // namespace
}  // namespace baken::cli
