// See sessions.h.
#include "web/sessions.h"

#include <sodium.h>

#include <algorithm>

#include "common/bytes.h"
#include "crypto/keys.h"

namespace baken::web {
namespace {

constexpr std::size_t kTokenBytes = 32;

std::string random_hex() {
    ensure_sodium();
    std::array<std::uint8_t, kTokenBytes> bytes{};
    randombytes_buf(bytes.data(), bytes.size());
    std::string hex = to_hex(ByteView(bytes.data(), bytes.size()));
    sodium_memzero(bytes.data(), bytes.size());
    return hex;
}

}  // namespace

bool tokens_equal(std::string_view given, std::string_view expected) {
    if (given.size() != expected.size() || expected.empty()) return false;
    return sodium_memcmp(given.data(), expected.data(), expected.size()) == 0;
}

std::optional<SessionTable::Key> SessionTable::key_of(std::string_view cookie_value) {
    if (cookie_value.size() != 2 * kTokenBytes ||
        cookie_value.find_first_not_of("0123456789abcdef") != std::string_view::npos) {
        return std::nullopt;
    }
    ensure_sodium();
    Key key{};
    crypto_generichash(key.data(), key.size(),
                       reinterpret_cast<const unsigned char*>(cookie_value.data()),
                       cookie_value.size(), nullptr, 0);
    return key;
}

bool SessionTable::expired(const Session& session, std::int64_t now_ms) const {
    return now_ms - session.last_used_ms >= limits_.idle_ms ||
           now_ms - session.created_ms >= limits_.lifetime_ms;
}

void SessionTable::drop_expired(std::int64_t now_ms) {
    std::erase_if(sessions_, [&](const auto& entry) { return expired(entry.second, now_ms); });
}

SessionTable::Issued SessionTable::issue(std::int64_t now_ms) {
    drop_expired(now_ms);
    // Invariant: at most max_sessions entries, so a flood of sign-ins costs bounded memory.
    while (!sessions_.empty() && sessions_.size() >= limits_.max_sessions) {
        auto oldest = std::min_element(sessions_.begin(), sessions_.end(), [](auto& a, auto& b) {
            return a.second.last_used_ms < b.second.last_used_ms;
        });
        sessions_.erase(oldest);
    }
    Issued issued{random_hex(), random_hex()};
    sessions_[*key_of(issued.cookie_value)] = Session{issued.csrf_token, now_ms, now_ms};
    return issued;
}

const Session* SessionTable::find(std::string_view cookie_value, std::int64_t now_ms) {
    auto key = key_of(cookie_value);
    if (!key) return nullptr;
    auto found = sessions_.find(*key);
    if (found == sessions_.end()) return nullptr;
    if (expired(found->second, now_ms)) {
        sessions_.erase(found);
        return nullptr;
    }
    found->second.last_used_ms = std::max(found->second.last_used_ms, now_ms);
    return &found->second;
}

void SessionTable::end(std::string_view cookie_value) {
    if (auto key = key_of(cookie_value)) sessions_.erase(*key);
}

}  // namespace baken::web
