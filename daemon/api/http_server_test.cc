// The listener's bounds, over a real loopback socket.
#include "api/http_server.h"

#include <gtest/gtest.h>
#include <boost/asio/connect.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <thread>

#include "api/api_test_node.h"

namespace baken {
namespace {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

class HttpServerTest : public ::testing::Test, protected testing::ApiTestNode {
  protected:
    void SetUp() override {
        server = std::make_unique<HttpServer>(io, *routes);
        ASSERT_TRUE(server->listen("127.0.0.1", 0));
        loop = std::thread([this] { io.run_for(std::chrono::seconds(30)); });
    }
    void TearDown() override {
        asio::post(io, [this] { server->stop(); });
        loop.join();
    }

    // One request on a fresh connection; the response, or status 0 when the server closed it.
    HttpResponse send(http::verb verb, const std::string& target, std::string body,
                      bool token = true) {
        asio::io_context client_io;
        beast::tcp_stream stream(client_io);
        std::string address = server->local_address();
        auto colon = address.rfind(':');
        asio::ip::tcp::endpoint ep(
            asio::ip::make_address(address.substr(0, colon)),
            static_cast<unsigned short>(std::stoi(address.substr(colon + 1))));
        stream.connect(ep);
        stream.expires_after(std::chrono::seconds(10));
        HttpRequest req{verb, target, 11};
        if (token)
            req.set(http::field::authorization, std::string("Bearer ") + ApiTestNode::kToken);
        req.body() = std::move(body);
        req.prepare_payload();
        beast::error_code ec;
        http::write(stream, req, ec);
        beast::flat_buffer buffer;
        HttpResponse res;
        http::read(stream, buffer, res, ec);
        if (ec) res.result(0);
        return res;
    }

    asio::io_context io;
    std::unique_ptr<HttpServer> server;
    std::thread loop;
};

TEST_F(HttpServerTest, AnswersAnAuthorisedRequest) {
    auto res = send(http::verb::get, "/api/v1/status", "");
    EXPECT_EQ(res.result(), http::status::ok);
    EXPECT_NE(res.body().find(identity.fingerprint()), std::string::npos);
}

TEST_F(HttpServerTest, RefusesABodyAboveTheLimitWith413) {
    auto res = send(http::verb::post, "/api/v1/envelopes",
                    std::string(HttpServer::kMaxBodyBytes + 1, 'x'));
    EXPECT_EQ(res.result(), http::status::payload_too_large);
    EXPECT_EQ(store->stats().message_count, 0u);
}

TEST_F(HttpServerTest, RefusesAnUnauthorisedRequest) {
    EXPECT_EQ(send(http::verb::get, "/api/v1/status", "", false).result(),
              http::status::unauthorized);
}

}  // namespace
}  // namespace baken
