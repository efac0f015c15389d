// The Host header rule against DNS rebinding.
#include "web/host_check.h"

#include <gtest/gtest.h>

#include <vector>

namespace baken::web {
namespace {

const std::vector<std::string> kNames = {"steunpunt.local"};

TEST(HostCheck, AcceptsAddressesLocalhostAndConfiguredNames) {
    for (const char* host : {"127.0.0.1:7718", "127.0.0.1", "192.168.1.20:7718", "[::1]:7718",
                             "[::1]", "localhost:7718", "LocalHost", "steunpunt.local:7718",
                             "Steunpunt.Local.", "localhost."}) {
        EXPECT_TRUE(host_allowed(host, kNames)) << host;
    }
}

TEST(HostCheck, RefusesOtherNamesAndMalformedHeaders) {
    for (const char* host :
         {"", "evil.example:7718", "evil.example", "localhost.evil.example", "127.0.0.1.nip.io",
          "[::1", "[::1]x", "127.0.0.1:77a", "steunpunt.local:", "1.2.3", "[evil.example]:80"}) {
        EXPECT_FALSE(host_allowed(host, kNames)) << host;
    }
    EXPECT_FALSE(host_allowed("steunpunt.local", {}));
}

}  // namespace
}  // namespace baken::web
