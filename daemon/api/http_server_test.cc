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
        server = std::make_unique<HttpServer>(io, *routes, &events);
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

// Reads from `stream` until `text` has arrived (or 10 s pass); returns all that was read.
std::string read_until(beast::tcp_stream& stream, std::string_view text) {
    std::string got;
    char chunk[4096];
    for (int reads = 0; reads < 1000 && got.find(text) == std::string::npos; ++reads) {
        stream.expires_after(std::chrono::seconds(10));
        beast::error_code ec;
        std::size_t n = stream.read_some(asio::buffer(chunk), ec);
        if (ec) break;
        got.append(chunk, n);
    }
    return got;
}

TEST_F(HttpServerTest, TheLiveStreamSendsEveryPublishedChange) {
    asio::io_context client_io;
    beast::tcp_stream stream(client_io);
    std::string address = server->local_address();
    auto colon = address.rfind(':');
    stream.connect({asio::ip::make_address(address.substr(0, colon)),
                    static_cast<unsigned short>(std::stoi(address.substr(colon + 1)))});
    HttpRequest req{http::verb::get, "/api/v1/picture/events", 11};
    req.set(http::field::authorization, std::string("Bearer ") + ApiTestNode::kToken);
    http::write(stream, req);
    std::string head = read_until(stream, ": connected\n\n");
    EXPECT_NE(head.find("Content-Type: text/event-stream"), std::string::npos) << head;
    v1::PictureChange change;
    change.add_parts("needs");
    change.set_message_id("ab12");
    asio::post(io, [this, change] { events.publish(change); });
    std::string event = read_until(stream, "\n\n");
    EXPECT_NE(event.find("event: change\nid: 1\ndata: {"), std::string::npos) << event;
    EXPECT_NE(event.find(R"("parts":["needs"])"), std::string::npos) << event;
}

TEST_F(HttpServerTest, TheLiveStreamNeedsTheToken) {
    auto res = send(http::verb::get, "/api/v1/picture/events", "", false);
    EXPECT_EQ(res.result(), http::status::unauthorized);
}

TEST_F(HttpServerTest, RefusesAnUnauthorisedRequest) {
    EXPECT_EQ(send(http::verb::get, "/api/v1/status", "", false).result(),
              http::status::unauthorized);
}

}  // namespace
}  // namespace baken
