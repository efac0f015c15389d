// Browser sign-in against the real bakend: a node on 127.0.0.1 with a web passphrase set.
// Speaks plain HTTP/1.1 over a loopback socket, as a browser would (cookie, CSRF header).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <fstream>

#include "support/child_process.h"
#include "support/temp_dir.h"

namespace baken::testing {
namespace {

constexpr const char* kPassphrase = "Noodsteunpunt-De-Linde-2026";

struct Reply {
    int status = 0;
    std::string headers;  // raw, lower-cased names are not guaranteed
    std::string body;

    std::string header(const std::string& name) const {
        std::string lower_headers = headers, lower_name = name;
        for (char& c : lower_headers) c = static_cast<char>(std::tolower(c));
        for (char& c : lower_name) c = static_cast<char>(std::tolower(c));
        auto at = lower_headers.find("\r\n" + lower_name + ": ");
        if (at == std::string::npos) return "";
        at += name.size() + 4;
        return headers.substr(at, headers.find("\r\n", at) - at);
    }
};

// One request on its own connection (Connection: close), read to the end; bounded by a
// 10-second receive timeout.
Reply http(const std::string& address, const std::string& method, const std::string& path,
           const std::vector<std::string>& extra_headers = {}, const std::string& body = "",
           const std::string& host = "") {
    Reply reply;
    const auto colon = address.rfind(':');
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return reply;
    timeval timeout{10, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(static_cast<std::uint16_t>(std::stoi(address.substr(colon + 1))));
    ::inet_pton(AF_INET, address.substr(0, colon).c_str(), &to.sin_addr);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
        ::close(fd);
        return reply;
    }
    std::string request =
        method + " " + path + " HTTP/1.1\r\nHost: " + (host.empty() ? address : host) +
        "\r\nConnection: close\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
    for (const std::string& h : extra_headers) request += h + "\r\n";
    request += "\r\n" + body;
    for (std::size_t sent = 0; sent < request.size();) {
        ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;
        sent += static_cast<std::size_t>(n);
    }
    std::string raw;
    char buffer[4096];
    for (int reads = 0; reads < 10'000; ++reads) {
        ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) break;
        raw.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    const auto end = raw.find("\r\n\r\n");
    if (raw.size() < 12 || end == std::string::npos) return reply;
    reply.status = std::stoi(raw.substr(9, 3));
    reply.headers = raw.substr(0, end + 2);
    reply.body = raw.substr(end + 4);
    return reply;
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::string text;
    std::getline(in, text);
    return text;
}

class WebSignIn : public ::testing::Test {
  protected:
    void SetUp() override {
        auto hashed = run({bakend_path().string(), "--hash-passphrase"}, std::chrono::seconds(30),
                          std::string(kPassphrase) + "\n");
        ASSERT_EQ(hashed.exit_code, 0) << hashed.err;
        ASSERT_TRUE(hashed.out.starts_with("passphrase_hash = \"$argon2id$")) << hashed.out;
        config_ = dir_.path() / "bakend.toml";
        std::ofstream(config_) << "[web]\n" << hashed.out;
        daemon_ = std::make_unique<DaemonProcess>(
            dir_.path() / "node", std::vector<std::string>{"--config", config_.string()});
        ASSERT_TRUE(daemon_->wait_ready()) << daemon_->log();
        address_ = read_file(dir_.path() / "node" / "api.address");
        ASSERT_FALSE(address_.empty());
    }

    // Signs in; returns the "baken_session=..." cookie pair.
    std::string sign_in() {
        Reply r = http(address_, "POST", "/ui/sign-in", {"Content-Type: application/json"},
                       std::string("{\"passphrase\":\"") + kPassphrase + "\"}");
        EXPECT_EQ(r.status, 204) << r.body;
        const std::string cookie = r.header("Set-Cookie");
        EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
        EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos) << cookie;
        return cookie.substr(0, cookie.find(';'));
    }

    TempDir dir_;
    std::filesystem::path config_;
    std::unique_ptr<DaemonProcess> daemon_;
    std::string address_;
};

TEST_F(WebSignIn, WithoutSessionOrTokenTheApiGivesNothing) {
    Reply r = http(address_, "GET", "/api/v1/picture");
    EXPECT_EQ(r.status, 401);
    EXPECT_NE(r.body.find("\"error\":\"unauthorized\""), std::string::npos) << r.body;
    EXPECT_EQ(r.body.find("support_points"), std::string::npos);
    Reply status = http(address_, "GET", "/api/v1/status");
    EXPECT_EQ(status.status, 401);
    EXPECT_EQ(status.body.find("public_key"), std::string::npos);
    Reply session = http(address_, "GET", "/ui/session");
    EXPECT_EQ(session.status, 200);
    EXPECT_NE(session.body.find("\"signed_in\":false"), std::string::npos) << session.body;
    EXPECT_NE(session.body.find("\"sign_in_required\":true"), std::string::npos);
    EXPECT_TRUE(session.header("Set-Cookie").empty());
    Reply board = http(address_, "GET", "/notice");
    EXPECT_EQ(board.status, 401);
}

TEST_F(WebSignIn, WrongPassphraseIsRefused) {
    Reply r = http(address_, "POST", "/ui/sign-in", {"Content-Type: application/json"},
                   R"({"passphrase":"raden is niet genoeg"})");
    EXPECT_EQ(r.status, 401);
    EXPECT_NE(r.body.find("\"error\":\"wrong_passphrase\""), std::string::npos) << r.body;
    EXPECT_TRUE(r.header("Set-Cookie").empty());
}

TEST_F(WebSignIn, SignedInCookieReadsAndCsrfTokenIsNeededToWrite) {
    const std::string cookie = sign_in();
    ASSERT_TRUE(cookie.starts_with("baken_session=")) << cookie;

    Reply status = http(address_, "GET", "/api/v1/status", {"Cookie: " + cookie});
    EXPECT_EQ(status.status, 200) << status.body;
    EXPECT_NE(status.body.find("\"public_key\""), std::string::npos) << status.body;

    Reply session = http(address_, "GET", "/ui/session", {"Cookie: " + cookie});
    const std::string key = "\"csrf_token\":\"";
    const auto at = session.body.find(key);
    ASSERT_NE(at, std::string::npos) << session.body;
    const std::string csrf = session.body.substr(at + key.size(), 64);

    const std::string draft =
        R"({"precedence":"ROUTINE","body":{"sitrep":{"municipality":"GM0344","phase":"WARM_UNDER_72H",)"
        R"("entries":[{"pillar":"VITAL_SERVICES","topic":"power","severity":"FAILED","text":"Stroomstoring"}]}}})";
    Reply refused = http(address_, "POST", "/api/v1/messages",
                         {"Cookie: " + cookie, "Content-Type: application/json"}, draft);
    EXPECT_EQ(refused.status, 403);
    EXPECT_NE(refused.body.find("csrf_required"), std::string::npos) << refused.body;
    EXPECT_EQ(refused.body.find("\"id\""), std::string::npos) << refused.body;

    Reply posted = http(
        address_, "POST", "/api/v1/messages",
        {"Cookie: " + cookie, "Content-Type: application/json", "X-CSRF-Token: " + csrf}, draft);
    EXPECT_EQ(posted.status, 201) << posted.body;

    Reply out =
        http(address_, "POST", "/ui/sign-out", {"Cookie: " + cookie, "X-CSRF-Token: " + csrf});
    EXPECT_EQ(out.status, 204);
    EXPECT_EQ(http(address_, "GET", "/api/v1/status", {"Cookie: " + cookie}).status, 401);
}

TEST_F(WebSignIn, ForeignHostHeaderIsRefused) {
    const std::string cookie = sign_in();
    // A DNS-rebinding page reaches 127.0.0.1 under its own domain, which it names in Host.
    Reply api = http(address_, "GET", "/api/v1/status", {"Cookie: " + cookie}, "",
                     "rebind.evil.example:7718");
    EXPECT_EQ(api.status, 401);
    EXPECT_EQ(api.body.find("public_key"), std::string::npos);
    Reply page =
        http(address_, "GET", "/ui/session", {"Cookie: " + cookie}, "", "rebind.evil.example");
    EXPECT_EQ(page.status, 403);
    EXPECT_EQ(page.body.find("csrf_token"), std::string::npos);
    Reply local = http(address_, "GET", "/api/v1/status", {"Cookie: " + cookie}, "", "localhost");
    EXPECT_EQ(local.status, 200);
    EXPECT_EQ(daemon_->stop(), 0) << daemon_->log();
}

}  // namespace
}  // namespace baken::testing
