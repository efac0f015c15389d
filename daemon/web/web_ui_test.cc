// The web UI's requests, without sockets: sign-in, sessions, CSRF, the Host rule, assets and
// their headers, and who may read the notice board.
#include "web/web_ui.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include "trust/credential_issue.h"
#include "web/embedded_assets.h"
#include "web/passphrase.h"

namespace baken::web {
namespace {
namespace http = boost::beast::http;

constexpr std::int64_t kNow = 1'773'482'400'000;
constexpr std::int64_t kHour = 3600 * 1000;
constexpr const char* kPassphrase = "correct horse battery";

// A hash with libsodium's smallest limits, so the tests do not spend 64 MiB per check.
std::string cheap_hash(const std::string& passphrase) {
    ensure_sodium();
    char out[crypto_pwhash_STRBYTES];
    EXPECT_EQ(
        crypto_pwhash_str_alg(out, passphrase.data(), passphrase.size(), crypto_pwhash_OPSLIMIT_MIN,
                              crypto_pwhash_MEMLIMIT_MIN, crypto_pwhash_ALG_ARGON2ID13),
        0);
    return out;
}

v1::Picture one_point_picture() {
    v1::Picture p;
    auto* sp = p.add_support_points();
    sp->set_support_point("GM0344-SP07");
    sp->set_municipality("GM0344");
    sp->set_name("Buurthuis De Linde");
    sp->mutable_status()->set_openness(v1::OPEN);
    sp->mutable_status()->set_note("Soep om 12:00 <script>x</script>");
    return p;
}

HttpRequest request(http::verb method, std::string target, std::string body = "") {
    HttpRequest req{method, target, 11};
    req.set(http::field::host, "127.0.0.1:7718");
    req.body() = std::move(body);
    req.prepare_payload();
    return req;
}

// The cookie value a response sets, or "".
std::string set_cookie_value(const HttpResponse& res) {
    const std::string header(std_view(res[http::field::set_cookie]));
    const std::string prefix = "baken_session=";
    if (!header.starts_with(prefix)) return "";
    return header.substr(prefix.size(), header.find(';') - prefix.size());
}

std::string json_field(const std::string& body, const std::string& name) {
    const std::string key = "\"" + name + "\":\"";
    auto at = body.find(key);
    if (at == std::string::npos) return "";
    at += key.size();
    return body.substr(at, body.find('"', at) - at);
}

class WebUiTest : public ::testing::Test {
  protected:
    std::unique_ptr<WebUi> make(std::string hash, bool public_board = false,
                                std::string listen = "127.0.0.1") {
        WebUiOptions options{
            std::move(hash), public_board, 12, {"steunpunt.local"}, std::move(listen)};
        return std::make_unique<WebUi>(
            options, identity, "Steunpunt <De Linde>", clock, &book,
            [this](std::int64_t,
                   const picture::PictureFilter& filter) -> std::optional<v1::Picture> {
                asked.push_back(filter);
                if (loading) return std::nullopt;
                return one_point_picture();
            });
    }

    // Signs in with the passphrase; returns the cookie value and the CSRF token.
    std::pair<std::string, std::string> sign_in(WebUi& ui) {
        auto res = ui.serve(request(http::verb::post, "/ui/sign-in",
                                    std::string("{\"passphrase\":\"") + kPassphrase + "\"}"));
        EXPECT_EQ(res.result(), http::status::no_content) << res.body();
        std::string cookie = set_cookie_value(res);
        auto info = request(http::verb::get, "/ui/session");
        info.set(http::field::cookie, "baken_session=" + cookie);
        return {cookie, json_field(ui.serve(info).body(), "csrf_token")};
    }

    ManualClock clock{kNow};
    Identity identity = Identity::generate();
    trust::CredentialBook book;
    std::string hash = cheap_hash(kPassphrase);
    std::vector<picture::PictureFilter> asked;  // every picture the web UI asked for
    bool loading = false;                       // the node is still reading its picture
};

TEST_F(WebUiTest, LoopbackWithoutPassphraseIssuesASessionOnAsking) {
    auto ui = make("");
    auto res = ui->serve(request(http::verb::get, "/ui/session"));
    ASSERT_EQ(res.result(), http::status::ok);
    const std::string cookie_header(std_view(res[http::field::set_cookie]));
    EXPECT_TRUE(cookie_header.starts_with("baken_session="));
    EXPECT_NE(cookie_header.find("; HttpOnly"), std::string::npos);
    EXPECT_NE(cookie_header.find("; SameSite=Strict"), std::string::npos);
    EXPECT_NE(cookie_header.find("; Path=/"), std::string::npos);
    EXPECT_NE(cookie_header.find("; Max-Age=43200"), std::string::npos);
    EXPECT_NE(res.body().find("\"signed_in\":true"), std::string::npos);
    EXPECT_NE(res.body().find("\"sign_in_required\":false"), std::string::npos);
    EXPECT_EQ(json_field(res.body(), "csrf_token").size(), 64u);
    EXPECT_NE(res.body().find("\"node_name\":\"Steunpunt \\u003cDe Linde\\u003e\""),
              std::string::npos)
        << res.body();
    EXPECT_EQ(json_field(res.body(), "public_key"), to_hex(identity.public_key()));
    EXPECT_NE(res.body().find("\"public_notice_board\":false"), std::string::npos);
    EXPECT_EQ(std_view(res[http::field::cache_control]), "no-store");

    // Asking again with the cookie keeps the same session.
    auto again = request(http::verb::get, "/ui/session");
    again.set(http::field::cookie, "other=1; baken_session=" + set_cookie_value(res));
    auto second = ui->serve(again);
    EXPECT_TRUE(std_view(second[http::field::set_cookie]).empty());
    EXPECT_EQ(json_field(second.body(), "csrf_token"), json_field(res.body(), "csrf_token"));
    EXPECT_EQ(ui->session_count(), 1u);
}

TEST_F(WebUiTest, LoopbackWithoutPassphraseIssuesSessionsOnlyToItsOwnPages) {
    auto ui = make("");
    auto ask = [&](std::vector<std::pair<std::string, std::string>> headers) {
        auto req = request(http::verb::get, "/ui/session");
        for (auto& [name, value] : headers) req.set(name, value);
        return ui->serve(req);
    };
    // What a cross-site <img src="http://127.0.0.1:7718/ui/session"> or fetch() sends.
    for (const char* site : {"cross-site", "same-site", "", "bogus"}) {
        auto res = ask({{"Sec-Fetch-Site", site}});
        EXPECT_EQ(res.result(), http::status::ok) << site;
        EXPECT_TRUE(std_view(res[http::field::set_cookie]).empty()) << site;
        EXPECT_NE(res.body().find("\"signed_in\":false"), std::string::npos) << site;
        EXPECT_EQ(res.body().find("csrf_token"), std::string::npos) << site;
    }
    // No Sec-Fetch-Site (an old browser): a foreign Origin gets nothing either.
    for (const char* origin : {"http://evil.example", "http://127.0.0.1:8080", "null"}) {
        auto res = ask({{"Origin", origin}});
        EXPECT_TRUE(std_view(res[http::field::set_cookie]).empty()) << origin;
        EXPECT_NE(res.body().find("\"signed_in\":false"), std::string::npos) << origin;
    }
    EXPECT_EQ(ui->session_count(), 0u);

    // This node's own pages, a typed-in address, curl.
    std::size_t issued = 0;
    for (const auto& headers : std::vector<std::vector<std::pair<std::string, std::string>>>{
             {{"Sec-Fetch-Site", "same-origin"}},
             {{"Sec-Fetch-Site", "none"}},
             {},
             {{"Origin", "http://127.0.0.1:7718"}},
             {{"Origin", "https://127.0.0.1:7718"}},
         }) {
        auto res = ask(headers);
        EXPECT_FALSE(std_view(res[http::field::set_cookie]).empty()) << issued;
        EXPECT_NE(res.body().find("\"signed_in\":true"), std::string::npos) << issued;
        EXPECT_EQ(json_field(res.body(), "csrf_token").size(), 64u);
        EXPECT_EQ(ui->session_count(), ++issued);
    }

    // A live session is still recognised from a cross-site request (SameSite=Strict keeps the
    // browser from sending the cookie there anyway); only issuing is refused.
    auto mine = ask({{"Sec-Fetch-Site", "same-origin"}});
    auto again = request(http::verb::get, "/ui/session");
    again.set(http::field::cookie, "baken_session=" + set_cookie_value(mine));
    again.set("Sec-Fetch-Site", "cross-site");
    EXPECT_NE(ui->serve(again).body().find("\"signed_in\":true"), std::string::npos);

    // 300 cross-site requests evict nobody.
    const std::size_t before = ui->session_count();
    for (int i = 0; i < 300; ++i) ask({{"Sec-Fetch-Site", "cross-site"}});
    EXPECT_EQ(ui->session_count(), before);
    again.set("Sec-Fetch-Site", "same-origin");
    EXPECT_NE(ui->serve(again).body().find("\"signed_in\":true"), std::string::npos);
}

TEST_F(WebUiTest, WithPassphraseTheSessionCallIssuesNothing) {
    auto ui = make(hash);
    auto res = ui->serve(request(http::verb::get, "/ui/session"));
    ASSERT_EQ(res.result(), http::status::ok);
    EXPECT_TRUE(std_view(res[http::field::set_cookie]).empty());
    EXPECT_NE(res.body().find("\"signed_in\":false"), std::string::npos);
    EXPECT_NE(res.body().find("\"sign_in_required\":true"), std::string::npos);
    EXPECT_EQ(res.body().find("csrf_token"), std::string::npos);
    EXPECT_EQ(ui->session_count(), 0u);
}

TEST_F(WebUiTest, SignInWithTheRightPassphraseGivesAWorkingSession) {
    auto ui = make(hash);
    auto [cookie, csrf] = sign_in(*ui);
    ASSERT_EQ(cookie.size(), 64u);
    ASSERT_EQ(csrf.size(), 64u);

    auto get = request(http::verb::get, "/api/v1/picture");
    get.set(http::field::cookie, "baken_session=" + cookie);
    EXPECT_TRUE(ui->permits_api(get));

    auto post = request(http::verb::post, "/api/v1/messages", "{}");
    post.set(http::field::cookie, "baken_session=" + cookie);
    EXPECT_FALSE(ui->permits_api(post)) << "a POST needs the CSRF token";
    EXPECT_EQ(ui->api_access(post), ApiAccess::csrf_missing);
    post.set("X-CSRF-Token", std::string(64, '0'));
    EXPECT_FALSE(ui->permits_api(post));
    post.set("X-CSRF-Token", csrf);
    EXPECT_TRUE(ui->permits_api(post));

    EXPECT_FALSE(ui->permits_api(request(http::verb::get, "/api/v1/picture")))
        << "no cookie, no session";
}

TEST_F(WebUiTest, WrongPassphraseIsRefusedWithoutACookie) {
    auto ui = make(hash);
    auto res = ui->serve(request(http::verb::post, "/ui/sign-in", R"({"passphrase":"wrong one"})"));
    EXPECT_EQ(res.result(), http::status::unauthorized);
    EXPECT_NE(res.body().find("\"error\":\"wrong_passphrase\""), std::string::npos);
    EXPECT_TRUE(std_view(res[http::field::set_cookie]).empty());
    auto bad = ui->serve(request(http::verb::post, "/ui/sign-in", "passphrase=x"));
    EXPECT_EQ(bad.result(), http::status::bad_request);
    auto get = ui->serve(request(http::verb::get, "/ui/sign-in"));
    EXPECT_EQ(get.result(), http::status::method_not_allowed);
}

TEST_F(WebUiTest, SignInAttemptsAreRateLimited) {
    auto ui = make(hash);
    for (int i = 0; i < SignInLimiter::kPerClient; ++i) {
        auto res = ui->serve(request(http::verb::post, "/ui/sign-in", R"({"passphrase":"nope"})"));
        ASSERT_EQ(res.result(), http::status::unauthorized) << i;
    }
    auto limited = ui->serve(request(http::verb::post, "/ui/sign-in",
                                     std::string("{\"passphrase\":\"") + kPassphrase + "\"}"));
    EXPECT_EQ(limited.result(), http::status::too_many_requests);
    EXPECT_EQ(std_view(limited[http::field::retry_after]), "60");
    EXPECT_TRUE(std_view(limited[http::field::set_cookie]).empty());
    clock.advance_ms(60'000);
    sign_in(*ui);
}

TEST_F(WebUiTest, CrossOriginSignInIsRefused) {
    auto ui = make(hash);
    auto req = request(http::verb::post, "/ui/sign-in",
                       std::string("{\"passphrase\":\"") + kPassphrase + "\"}");
    req.set(http::field::origin, "http://evil.example");
    EXPECT_EQ(ui->serve(req).result(), http::status::forbidden);
    req.set(http::field::origin, "http://127.0.0.1:7718");
    EXPECT_EQ(ui->serve(req).result(), http::status::no_content);
    // Behind a TLS-terminating proxy the page's origin is https:// with the same Host.
    req.set(http::field::origin, "https://127.0.0.1:7718");
    EXPECT_EQ(ui->serve(req).result(), http::status::no_content);
    req.set(http::field::origin, "https://evil.example");
    EXPECT_EQ(ui->serve(req).result(), http::status::forbidden);
}

TEST_F(WebUiTest, SignInLimitIsPerClientAddress) {
    auto ui = make(hash);
    auto attempt = [&](const char* address, const std::string& passphrase) {
        auto req = request(http::verb::post, "/ui/sign-in",
                           std::string("{\"passphrase\":\"") + passphrase + "\"}");
        req.set(kPeerAddressHeader, address);
        return ui->serve(req).result();
    };
    for (int i = 0; i < SignInLimiter::kPerClient; ++i) {
        ASSERT_EQ(attempt("192.168.1.66", "nope"), http::status::unauthorized) << i;
    }
    EXPECT_EQ(attempt("192.168.1.66", kPassphrase), http::status::too_many_requests);
    // Another client still has its own allowance.
    EXPECT_EQ(attempt("192.168.1.20", kPassphrase), http::status::no_content);
}

TEST_F(WebUiTest, ExpiredSessionIsRefused) {
    auto ui = make(hash);
    auto [cookie, csrf] = sign_in(*ui);
    auto get = request(http::verb::get, "/api/v1/picture");
    get.set(http::field::cookie, "baken_session=" + cookie);
    clock.advance_ms(3 * kHour);
    ASSERT_TRUE(ui->permits_api(get));
    clock.advance_ms(5 * kHour);  // idle 5 h > 4 h
    EXPECT_FALSE(ui->permits_api(get));
    EXPECT_EQ(ui->session_count(), 0u);

    auto [again, csrf2] = sign_in(*ui);
    get.set(http::field::cookie, "baken_session=" + again);
    for (int h = 0; h < 12; ++h) {
        clock.advance_ms(kHour);
        if (h < 11) {
            ASSERT_TRUE(ui->permits_api(get)) << h;
        }
    }
    EXPECT_FALSE(ui->permits_api(get)) << "12 h after sign-in, however busy";
}

TEST_F(WebUiTest, SignOutNeedsTheCsrfTokenAndEndsTheSession) {
    auto ui = make(hash);
    auto [cookie, csrf] = sign_in(*ui);
    auto out = request(http::verb::post, "/ui/sign-out");
    out.set(http::field::cookie, "baken_session=" + cookie);
    EXPECT_EQ(ui->serve(out).result(), http::status::forbidden);
    out.set("X-CSRF-Token", csrf);
    auto res = ui->serve(out);
    EXPECT_EQ(res.result(), http::status::no_content);
    EXPECT_EQ(set_cookie_value(res), "");
    EXPECT_NE(std_view(res[http::field::set_cookie]).find("Max-Age=0"), std::string_view::npos);
    auto get = request(http::verb::get, "/api/v1/picture");
    get.set(http::field::cookie, "baken_session=" + cookie);
    EXPECT_FALSE(ui->permits_api(get));
    EXPECT_EQ(ui->serve(out).result(), http::status::unauthorized);
}

TEST_F(WebUiTest, ForeignHostIsRefusedEverywhere) {
    auto ui = make("");
    auto session = request(http::verb::get, "/ui/session");
    session.set(http::field::host, "rebind.evil.example:7718");
    auto res = ui->serve(session);
    EXPECT_EQ(res.result(), http::status::forbidden);
    EXPECT_TRUE(std_view(res[http::field::set_cookie]).empty());
    EXPECT_EQ(res.body().find("public_key"), std::string::npos);

    auto [cookie, csrf] = [&] {
        auto ok = ui->serve(request(http::verb::get, "/ui/session"));
        return std::pair{set_cookie_value(ok), json_field(ok.body(), "csrf_token")};
    }();
    auto get = request(http::verb::get, "/api/v1/picture");
    get.set(http::field::cookie, "baken_session=" + cookie);
    EXPECT_TRUE(ui->permits_api(get));
    get.set(http::field::host, "rebind.evil.example");
    EXPECT_FALSE(ui->permits_api(get));
    get.set(http::field::host, "steunpunt.local:7718");
    EXPECT_TRUE(ui->permits_api(get));

    auto page = request(http::verb::get, "/notice/GM0344-SP07");
    page.set(http::field::host, "rebind.evil.example");
    EXPECT_EQ(ui->serve(page).result(), http::status::forbidden);
}

TEST_F(WebUiTest, ServesTheShellWithSecurityHeaders) {
    auto ui = make(hash);
    auto res = ui->serve(request(http::verb::get, "/"));
    ASSERT_EQ(res.result(), http::status::ok);
    const EmbeddedAsset* index = find_asset("index.html");
    ASSERT_NE(index, nullptr);
    EXPECT_EQ(res.body().size(), index->bytes.size());
    EXPECT_EQ(std_view(res[http::field::content_type]), "text/html; charset=utf-8");
    EXPECT_EQ(std_view(res["Content-Security-Policy"]), kContentSecurityPolicy);
    EXPECT_EQ(std_view(res["X-Content-Type-Options"]), "nosniff");
    EXPECT_EQ(std_view(res["Referrer-Policy"]), "no-referrer");
    EXPECT_EQ(std_view(res[http::field::cache_control]), "no-store");
}

TEST_F(WebUiTest, EveryEmbeddedFileIsServedWithItsETag) {
    auto ui = make(hash);
    for (const EmbeddedAsset& asset : embedded_assets()) {
        auto res = ui->serve(request(http::verb::get, "/assets/" + std::string(asset.path)));
        ASSERT_EQ(res.result(), http::status::ok) << asset.path;
        EXPECT_EQ(res.body(), std::string(reinterpret_cast<const char*>(asset.bytes.data()),
                                          asset.bytes.size()));
        EXPECT_EQ(std_view(res[http::field::content_type]), asset.content_type);
        EXPECT_EQ(std_view(res["Content-Security-Policy"]), kContentSecurityPolicy);
        if (asset.path.ends_with(".html")) continue;
        EXPECT_EQ(std_view(res[http::field::etag]), asset.etag);
        auto again = request(http::verb::get, "/assets/" + std::string(asset.path));
        again.set(http::field::if_none_match, std::string(asset.etag));
        auto cached = ui->serve(again);
        EXPECT_EQ(cached.result(), http::status::not_modified);
        EXPECT_TRUE(cached.body().empty());
    }
}

TEST_F(WebUiTest, HeadGivesTheHeadersWithoutTheBody) {
    auto ui = make(hash);
    auto res = ui->serve(request(http::verb::head, "/"));
    EXPECT_EQ(res.result(), http::status::ok);
    EXPECT_TRUE(res.body().empty());
    EXPECT_EQ(std_view(res[http::field::content_length]),
              std::to_string(find_asset("index.html")->bytes.size()));
}

TEST_F(WebUiTest, UnknownPathsAndFilesAre404) {
    auto ui = make(hash);
    for (const char* path : {"/nope", "/assets/nope.js", "/assets/../web_ui.cc", "/assets/",
                             "/ui/nope", "/index.htm"}) {
        auto res = ui->serve(request(http::verb::get, path));
        EXPECT_EQ(res.result(), http::status::not_found) << path;
        EXPECT_EQ(std_view(res["Content-Security-Policy"]), kContentSecurityPolicy);
    }
    EXPECT_EQ(ui->serve(request(http::verb::post, "/")).result(), http::status::method_not_allowed);
}

TEST_F(WebUiTest, NoticeBoardNeedsSignInUnlessPublic) {
    auto ui = make(hash);
    for (const char* path : {"/notice", "/notice/", "/notice/GM0344-SP07"}) {
        auto res = ui->serve(request(http::verb::get, path));
        EXPECT_EQ(res.result(), http::status::unauthorized) << path;
        EXPECT_EQ(res.body().find("Linde"), std::string::npos) << path;
        EXPECT_EQ(res.body().find("GM0344"), std::string::npos) << path;
    }
    // The stylesheet holds no data.
    EXPECT_EQ(ui->serve(request(http::verb::get, "/notice/style.css")).result(), http::status::ok);

    auto [cookie, csrf] = sign_in(*ui);
    auto page = request(http::verb::get, "/notice/GM0344-SP07?lang=en");
    page.set(http::field::cookie, "baken_session=" + cookie);
    auto res = ui->serve(page);
    EXPECT_EQ(res.result(), http::status::ok);
    EXPECT_NE(res.body().find("Buurthuis De Linde"), std::string::npos);
    EXPECT_NE(res.body().find("Emergency support point"), std::string::npos);
    EXPECT_NE(res.body().find("&lt;script&gt;x&lt;/script&gt;"), std::string::npos);
    EXPECT_EQ(res.body().find("<script>"), std::string::npos);
    EXPECT_EQ(std_view(res["Content-Security-Policy"]), kContentSecurityPolicy);

    auto public_ui = make(hash, true);
    auto open = public_ui->serve(request(http::verb::get, "/notice/GM0344-SP07"));
    EXPECT_EQ(open.result(), http::status::ok);
    EXPECT_NE(open.body().find("Noodsteunpunt"), std::string::npos);
    EXPECT_EQ(public_ui->serve(request(http::verb::get, "/notice")).result(), http::status::ok);
    EXPECT_EQ(public_ui->serve(request(http::verb::get, "/notice/GM0344-SP99")).result(),
              http::status::not_found);
    EXPECT_EQ(public_ui->serve(request(http::verb::get, "/notice/evil")).result(),
              http::status::not_found);
    // A public board opens nothing else.
    EXPECT_FALSE(public_ui->permits_api(request(http::verb::get, "/api/v1/picture")));
}

TEST_F(WebUiTest, NoticeBoardAsksOnlyForWhatThePageShows) {
    auto ui = make(hash, true);
    EXPECT_EQ(ui->serve(request(http::verb::get, "/notice")).result(), http::status::ok);
    ASSERT_EQ(asked.size(), 1u);
    EXPECT_EQ(asked[0].parts, picture::kSupportPoints);
    EXPECT_TRUE(asked[0].support_point.empty());
    EXPECT_TRUE(asked[0].municipality.empty());

    EXPECT_EQ(ui->serve(request(http::verb::get, "/notice/GM0344-SP07")).result(),
              http::status::ok);
    ASSERT_EQ(asked.size(), 2u);
    EXPECT_EQ(asked[1].support_point, "GM0344-SP07");
    EXPECT_EQ(asked[1].parts, picture::kAllParts);
    EXPECT_TRUE(asked[1].municipality.empty());

    // Not a point id: no picture at all.
    EXPECT_EQ(ui->serve(request(http::verb::get, "/notice/evil")).result(),
              http::status::not_found);
    EXPECT_EQ(asked.size(), 2u);
}

TEST_F(WebUiTest, WhileThePictureIsLoadingTheNoticeBoardSaysSoAndDoesNotKeepThatPage) {
    auto ui = make(hash, true);
    loading = true;
    auto res = ui->serve(request(http::verb::get, "/notice/GM0344-SP07"));
    EXPECT_EQ(res.result(), http::status::service_unavailable);
    EXPECT_NE(res.body().find("Het beeld wordt geladen"), std::string::npos);
    EXPECT_EQ(ui->serve(request(http::verb::get, "/notice")).result(),
              http::status::service_unavailable);
    loading = false;
    res = ui->serve(request(http::verb::get, "/notice/GM0344-SP07"));
    EXPECT_EQ(res.result(), http::status::ok) << "the loading page was not cached";
    EXPECT_NE(res.body().find("Buurthuis De Linde"), std::string::npos);
}

TEST_F(WebUiTest, NoticePagesAreCachedForTenSecondsPerPathAndLanguage) {
    auto ui = make(hash, true);
    auto get = [&](const char* target) { return ui->serve(request(http::verb::get, target)); };
    const std::string first = get("/notice/GM0344-SP07").body();
    for (int i = 0; i < 100; ++i) EXPECT_EQ(get("/notice/GM0344-SP07").body(), first);
    EXPECT_EQ(asked.size(), 1u) << "a loop on one page builds the picture once";
    get("/notice/GM0344-SP07?lang=en");
    EXPECT_EQ(asked.size(), 2u) << "each language has its own page";
    get("/notice");
    get("/notice/");
    EXPECT_EQ(asked.size(), 3u) << "/notice and /notice/ are one page";
    auto head = ui->serve(request(http::verb::head, "/notice/GM0344-SP07"));
    EXPECT_EQ(head.result(), http::status::ok);
    EXPECT_TRUE(head.body().empty());
    EXPECT_EQ(get("/notice/GM0344-SP99").result(), http::status::not_found);
    EXPECT_EQ(get("/notice/GM0344-SP99").result(), http::status::not_found);
    EXPECT_EQ(asked.size(), 4u) << "an unknown point is cached too";

    clock.advance_ms(WebUi::kNoticeCacheMs - 1);
    get("/notice/GM0344-SP07");
    EXPECT_EQ(asked.size(), 4u);
    clock.advance_ms(1);
    EXPECT_EQ(get("/notice/GM0344-SP07").result(), http::status::ok);
    EXPECT_EQ(asked.size(), 5u) << "10 s on, the page is made again";

    // Bounded: many paths keep at most kNoticeCacheEntries, dropping the oldest.
    for (int i = 0; i < 400; ++i) {
        clock.advance_ms(1);
        get(("/notice/GM0344-SP" + std::to_string(100 + i)).c_str());
    }
    EXPECT_EQ(ui->cached_notice_pages(), WebUi::kNoticeCacheEntries);
    const std::size_t before = asked.size();
    get("/notice/GM0344-SP499");  // the newest is still there
    EXPECT_EQ(asked.size(), before);
    get("/notice/GM0344-SP100");  // the oldest was dropped
    EXPECT_EQ(asked.size(), before + 1);
    EXPECT_EQ(ui->cached_notice_pages(), WebUi::kNoticeCacheEntries);

    // The cache never opens a page to someone who may not read it.
    auto closed = make(hash);
    auto [cookie, csrf] = sign_in(*closed);
    auto page = request(http::verb::get, "/notice/GM0344-SP07");
    page.set(http::field::cookie, "baken_session=" + cookie);
    EXPECT_EQ(closed->serve(page).result(), http::status::ok);
    EXPECT_EQ(closed->serve(request(http::verb::get, "/notice/GM0344-SP07")).result(),
              http::status::unauthorized);
}

TEST_F(WebUiTest, SessionReportsTheNodesOwnRoleWhenSignedIn) {
    Identity root = Identity::generate();
    trust::CredentialBook enforcing({root.public_key()});
    auto credential = trust::issue_credential(
        root, {identity.public_key(), v1::SUPPORT_POINT_OPERATOR, "GM0344-SP07", "", kNow - kHour},
        kNow - kHour);
    ASSERT_TRUE(credential) << credential.error();
    ASSERT_TRUE(enforcing.learn(*credential));
    WebUi ui(WebUiOptions{"", false, 12, {}, "127.0.0.1"}, identity, "n", clock, &enforcing, {});
    auto res = ui.serve(request(http::verb::get, "/ui/session"));
    EXPECT_EQ(json_field(res.body(), "role"), "support-point-operator");
    EXPECT_EQ(json_field(res.body(), "scope"), "GM0344-SP07");
    clock.advance_ms(80 * kHour);  // past the credential's 72 h
    auto later = ui.serve(request(http::verb::get, "/ui/session"));
    EXPECT_NE(later.body().find("\"role\":\"\""), std::string::npos) << later.body();
}

TEST(WebExposure, BeyondLoopbackNeedsAPassphrase) {
    EXPECT_FALSE(exposure_problem({"", false, 12, {}, "127.0.0.1"}));
    EXPECT_FALSE(exposure_problem({"", false, 12, {}, "127.0.0.2"}));
    EXPECT_FALSE(exposure_problem({"", false, 12, {}, "::1"}));
    auto problem = exposure_problem({"", false, 12, {}, "0.0.0.0"});
    ASSERT_TRUE(problem);
    EXPECT_NE(problem->find("--hash-passphrase"), std::string::npos);
    EXPECT_TRUE(exposure_problem({"", false, 12, {}, "::"}));
    EXPECT_TRUE(exposure_problem({"", false, 12, {}, "192.168.1.20"}));
    EXPECT_FALSE(exposure_problem({"$argon2id$v=19$...", false, 12, {}, "0.0.0.0"}));
}

TEST(Passphrase, HashesWithArgon2idAndChecks) {
    auto hash = hash_passphrase(kPassphrase);
    ASSERT_TRUE(hash) << hash.error();
    EXPECT_TRUE(hash->starts_with("$argon2id$"));
    EXPECT_TRUE(passphrase_matches(*hash, kPassphrase));
    EXPECT_FALSE(passphrase_matches(*hash, "correct horse battery!"));
    EXPECT_FALSE(passphrase_matches("", kPassphrase));
    EXPECT_FALSE(passphrase_matches("garbage", kPassphrase));
    EXPECT_FALSE(hash_passphrase("short"));
}

}  // namespace
}  // namespace baken::web
