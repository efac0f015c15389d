// Loading bakend.toml: toml++ checks the syntax, this file the schema and the error messages.
//
// The schema is a table of sections and keys (kSections below); each key has one function that
// checks its value and stores it in Config. Everything in the document is walked, so a key or
// section that is not in the table is reported instead of ignored.
#include "config/config.h"

#include <arpa/inet.h>
#include <limits.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <memory>
#include <optional>
#include <span>
#include <sstream>
#include <system_error>
#include <utility>
#include <vector>

#include <toml++/toml.h>

#include "message/limits.h"

namespace baken {
namespace {

// 128 GiB: far beyond any support-point disk, and the store maps twice its quota into memory,
// which must fit the 512 GiB address space of a 39-bit arm64 kernel (Raspberry Pi OS).
constexpr std::int64_t kMaxQuotaMb = 128 * 1024;
// A default TTL longer than a message may live would make every such message invalid.
constexpr std::int64_t kMaxTtlHours = limits::kMaxLifetimeMs / (3600 * 1000);
static_assert(kMaxTtlHours == 2160, "the documented range of default_ttl_hours is 1..2160");
constexpr std::size_t kMaxConfigFileBytes = 1024 * 1024;
// Values quoted back in an error are cut here, so one line stays readable.
constexpr std::size_t kMaxQuotedChars = 60;

// ---- Error text ----------------------------------------------------------------------------

struct Located {
    toml::source_position at;
    std::string text;  // without the location prefix
};

// "SOURCE:LINE:COLUMN: TEXT"; toml++ gives line and column from 1, or 0 when it does not know.
ConfigError format_error(std::string_view source_name, const Located& error) {
    std::string text(source_name);
    if (error.at.line > 0) {
        text += ':' + std::to_string(error.at.line);
        if (error.at.column > 0) text += ':' + std::to_string(error.at.column);
    }
    text += ": ";
    text += error.text;
    return ConfigError{std::move(text)};
}

// Double-quoted and escaped, because the text ends up on one log line that may go to journald.
std::string quote_value(std::string_view raw) {
    std::string out = "\"";
    std::size_t shown = 0;
    for (char c : raw) {
        if (shown++ == kMaxQuotedChars) {
            out += "...";
            break;
        }
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (byte < 0x20 || byte == 0x7f) {
            static constexpr char kHex[] = "0123456789abcdef";
            out += "\\x";
            out += kHex[byte >> 4];
            out += kHex[byte & 0xf];
        } else {
            out += c;
        }
    }
    return out + "\"";
}

// A key as TOML would accept it: bare when it can be, quoted otherwise.
std::string key_text(std::string_view key) {
    const bool bare = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-';
    });
    return bare ? std::string(key) : quote_value(key);
}

// What was found, for "..., got X": the type, and the value when it is short and scalar.
std::string describe(const toml::node& node) {
    switch (node.type()) {
        case toml::node_type::string:
            return "string " + quote_value(node.as_string()->get());
        case toml::node_type::integer:
            return "integer " + std::to_string(node.as_integer()->get());
        case toml::node_type::boolean:
            return node.as_boolean()->get() ? "boolean true" : "boolean false";
        case toml::node_type::table:
            return "a table";
        case toml::node_type::array:
            return "an array";
        case toml::node_type::floating_point:
        case toml::node_type::date:
        case toml::node_type::time:
        case toml::node_type::date_time:
            break;
        case toml::node_type::none:
            return "nothing";
    }
    // toml++ writes these back in TOML form, e.g. 1024.0 rather than 1024.
    std::ostringstream value;
    node.visit([&value](const auto& n) { value << n; });
    const char* type = node.is_floating_point() ? "floating-point number "
                       : node.is_date()         ? "date "
                       : node.is_time()         ? "time "
                                                : "date-time ";
    return type + value.str();
}

// ---- Checking one value --------------------------------------------------------------------

// One value of the document being checked, and what to call it in an error.
struct Item {
    std::string key;  // dotted, e.g. "api.listen"
    const toml::node& node;

    Located error(std::string text) const { return {node.source().begin, std::move(text)}; }
    Located wrong_type(std::string_view expected) const {
        return error(key + " must be " + std::string(expected) + ", got " + describe(node));
    }
};

using Check = std::optional<Located>;  // nullopt: the value is good and stored

// `expected` names the kind of string, e.g. with an example of the form the key wants.
Result<std::string, Located> get_string(const Item& item, std::string_view expected = "a string") {
    if (const auto* s = item.node.as_string()) return s->get();
    return fail(item.wrong_type(expected));
}

// An integer in lo..hi; `unit` says what it counts, for the range error.
Result<std::int64_t, Located> get_integer(const Item& item, std::int64_t lo, std::int64_t hi,
                                          std::string_view unit) {
    const auto* i = item.node.as_integer();
    if (i == nullptr) return fail(item.wrong_type("an integer"));
    const std::int64_t v = i->get();
    if (v < lo || v > hi) {
        return fail(item.error(item.key + " must be " + std::to_string(lo) + ".." +
                               std::to_string(hi) + " (" + std::string(unit) + "), got " +
                               std::to_string(v)));
    }
    return v;
}

// ---- [api] listen --------------------------------------------------------------------------

constexpr std::string_view kListenForm =
    R"(expected "IPV4:PORT" or "[IPV6]:PORT", e.g. "127.0.0.1:7718" or "[::1]:7718")";

Result<std::uint16_t, std::string> parse_port(std::string_view text) {
    if (text.empty())
        return fail(std::string("missing port after ':'; ") + std::string(kListenForm));
    if (!std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return fail("port must be a number 0..65535, got " + quote_value(text));
    }
    // More than 5 digits cannot be a port; checking first keeps the sum below from overflowing.
    std::uint32_t value = 0;
    if (text.size() <= 5) {
        for (char c : text) value = value * 10 + static_cast<std::uint32_t>(c - '0');
    }
    if (text.size() > 5 || value > 65535) {
        return fail("port must be 0..65535, got " + std::string(text));
    }
    return static_cast<std::uint16_t>(value);
}

// Numeric addresses only (inet_pton): binding must not wait for a resolver in a blackout.
Result<ListenEndpoint, std::string> parse_listen(std::string_view text) {
    std::string_view host;
    std::string_view port;
    int family = AF_INET;
    if (!text.empty() && text.front() == '[') {
        const auto close = text.find(']');
        if (close == std::string_view::npos) {
            return fail("missing ']' after the IPv6 address in " + quote_value(text) + "; " +
                        std::string(kListenForm));
        }
        host = text.substr(1, close - 1);
        const std::string_view rest = text.substr(close + 1);
        if (rest.empty() || rest.front() != ':') {
            return fail("expected ':PORT' after ']' in " + quote_value(text) + "; " +
                        std::string(kListenForm));
        }
        port = rest.substr(1);
        family = AF_INET6;
    } else {
        const auto colon = text.rfind(':');
        if (colon == std::string_view::npos) {
            return fail("missing port in " + quote_value(text) + "; " + std::string(kListenForm));
        }
        host = text.substr(0, colon);
        port = text.substr(colon + 1);
        if (host.find(':') != std::string_view::npos) {
            return fail("an IPv6 address must be in brackets, got " + quote_value(text) + "; " +
                        std::string(kListenForm));
        }
    }

    const std::string address(host);  // inet_pton wants a terminated string
    unsigned char binary[sizeof(in6_addr)];
    if (inet_pton(family, address.c_str(), binary) != 1) {
        const char* why = family == AF_INET
                              ? " is not an IPv4 address (host names are not accepted)"
                          : host.find('%') != std::string_view::npos
                              ? " is not an IPv6 address (zone ids such as %eth0 are not supported)"
                              : " is not an IPv6 address";
        return fail(quote_value(host) + why + "; " + std::string(kListenForm));
    }
    auto port_number = parse_port(port);
    if (!port_number) return fail(port_number.error());
    return ListenEndpoint{address, *port_number};
}

// ---- The schema ----------------------------------------------------------------------------

Check set_node_name(const Item& item, Config& config) {
    auto name = get_string(item);
    if (!name) return name.error();
    if (name->empty() || name->size() > limits::kMaxShortText) {
        return item.error(item.key + " must be 1.." + std::to_string(limits::kMaxShortText) +
                          " bytes, got " + std::to_string(name->size()));
    }
    if (std::any_of(name->begin(), name->end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
        return item.error(item.key + " must not contain control characters, got " +
                          quote_value(*name));
    }
    config.node_name = std::move(*name);
    return std::nullopt;
}

Check set_data_dir(const Item& item, Config& config) {
    auto dir = get_string(item);
    if (!dir) return dir.error();
    std::filesystem::path path(*dir);
    if (!path.is_absolute()) {
        return item.error(item.key + " must be an absolute path (leave it out to use the " +
                          "default or --data), got " + quote_value(*dir));
    }
    config.data_dir = std::move(path);
    return std::nullopt;
}

Check set_api_listen(const Item& item, Config& config) {
    auto text = get_string(item, R"(a string such as "127.0.0.1:7718")");
    if (!text) return text.error();
    auto endpoint = parse_listen(*text);
    if (!endpoint) return item.error(item.key + ": " + endpoint.error());
    config.api_address = std::move(endpoint->address);
    config.api_port = endpoint->port;
    return std::nullopt;
}

Result<bool, Located> get_bool(const Item& item) {
    if (const auto* b = item.node.as_boolean()) return b->get();
    return fail(item.wrong_type("true or false"));
}

Check set_sync_enabled(const Item& item, Config& config) {
    auto on = get_bool(item);
    if (!on) return on.error();
    config.sync_enabled = *on;
    return std::nullopt;
}

Check set_sync_listen(const Item& item, Config& config) {
    auto text = get_string(item, R"(a string such as "0.0.0.0:7717")");
    if (!text) return text.error();
    auto endpoint = parse_listen(*text);
    if (!endpoint) return item.error(item.key + ": " + endpoint.error());
    config.sync_address = std::move(endpoint->address);
    config.sync_port = endpoint->port;
    return std::nullopt;
}

bool is_key_hex(std::string_view text) {
    return text.size() == 64 &&
           text.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
}

// "ADDR:PORT" or "KEYHEX@ADDR:PORT".
Result<PeerAddress, std::string> parse_peer(std::string_view text) {
    PeerAddress peer;
    if (auto at = text.find('@'); at != std::string_view::npos) {
        peer.key_hex = std::string(text.substr(0, at));
        if (!is_key_hex(peer.key_hex))
            return fail(std::string("the key before '@' must be 64 hex characters (baken id)"));
        for (char& c : peer.key_hex)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        text = text.substr(at + 1);
    }
    auto endpoint = parse_listen(text);
    if (!endpoint) return fail(endpoint.error());
    if (endpoint->port == 0) return fail(std::string("a peer's port cannot be 0"));
    peer.address = std::move(endpoint->address);
    peer.port = endpoint->port;
    return peer;
}

Check set_sync_peers(const Item& item, Config& config) {
    constexpr std::size_t kMaxPeers = 64;
    const auto* array = item.node.as_array();
    if (array == nullptr) return item.wrong_type(R"(a list such as ["127.0.0.1:7717"])");
    if (array->size() > kMaxPeers) {
        return item.error(item.key + " lists " + std::to_string(array->size()) +
                          " peers; at most " + std::to_string(kMaxPeers));
    }
    config.sync_peers.clear();
    for (const toml::node& element : *array) {
        Item entry{item.key, element};
        auto text = get_string(entry, R"(a string such as "127.0.0.1:7717")");
        if (!text) return text.error();
        auto peer = parse_peer(*text);
        if (!peer) return entry.error(item.key + ": " + quote_value(*text) + ": " + peer.error());
        config.sync_peers.push_back(std::move(*peer));
    }
    return std::nullopt;
}

Check set_trust_roots(const Item& item, Config& config) {
    constexpr std::size_t kMaxRoots = 16;
    const auto* array = item.node.as_array();
    if (array == nullptr) return item.wrong_type("a list of region root keys (64 hex characters)");
    if (array->size() > kMaxRoots) {
        return item.error(item.key + " lists " + std::to_string(array->size()) +
                          " roots; at most " + std::to_string(kMaxRoots));
    }
    config.trust_roots_hex.clear();
    for (const toml::node& element : *array) {
        Item entry{item.key, element};
        auto text = get_string(entry, "a region root key (64 hex characters)");
        if (!text) return text.error();
        if (!is_key_hex(*text)) {
            return entry.error(item.key + ": " + quote_value(*text) +
                               ": a root key is 64 hex characters (baken region init prints it)");
        }
        for (char& c : *text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        config.trust_roots_hex.push_back(std::move(*text));
    }
    return std::nullopt;
}

Check set_sync_max_sessions(const Item& item, Config& config) {
    auto n = get_integer(item, 1, 256, "sessions");
    if (!n) return n.error();
    config.sync_max_sessions = static_cast<std::size_t>(*n);
    return std::nullopt;
}

Check set_discovery_enabled(const Item& item, Config& config) {
    auto on = get_bool(item);
    if (!on) return on.error();
    config.discovery_enabled = *on;
    return std::nullopt;
}

Check set_discovery_interval(const Item& item, Config& config) {
    auto s = get_integer(item, 5, 3600, "seconds");
    if (!s) return s.error();
    config.discovery_interval_s = *s;
    return std::nullopt;
}

Check set_storage_quota(const Item& item, Config& config) {
    auto mb = get_integer(item, 1, kMaxQuotaMb, "MiB");
    if (!mb) return mb.error();
    config.storage_quota_bytes = static_cast<std::uint64_t>(*mb) << 20;
    return std::nullopt;
}

Check set_default_ttl(const Item& item, Config& config) {
    auto hours = get_integer(item, 1, kMaxTtlHours, "hours, at most 90 days");
    if (!hours) return hours.error();
    config.default_ttl_seconds = *hours * 3600;
    return std::nullopt;
}

Check set_log_level(const Item& item, Config& config) {
    static constexpr std::array<std::string_view, 4> kLevels = {"error", "warning", "info",
                                                                "debug"};
    auto level = get_string(item);
    if (!level) return level.error();
    if (std::find(kLevels.begin(), kLevels.end(), *level) == kLevels.end()) {
        return item.error(item.key +
                          R"( must be one of "error", "warning", "info", "debug", got )" +
                          quote_value(*level));
    }
    config.log_level = std::move(*level);
    return std::nullopt;
}

// crypto_pwhash_str's output for argon2id: "$argon2id$v=19$m=65536,t=2,p=1$SALT$HASH",
// at most crypto_pwhash_STRBYTES - 1 = 127 characters. Checked here by its shape only; the
// web UI checks a passphrase against it.
Check set_web_passphrase_hash(const Item& item, Config& config) {
    constexpr std::string_view kPrefix = "$argon2id$";
    constexpr std::size_t kMaxHashChars = 127;
    auto hash = get_string(item, "a passphrase hash from bakend --hash-passphrase");
    if (!hash) return hash.error();
    const bool printable = std::all_of(hash->begin(), hash->end(), [](char c) {
        return static_cast<unsigned char>(c) > 0x20 && static_cast<unsigned char>(c) < 0x7f;
    });
    if (!hash->empty() &&
        (!hash->starts_with(kPrefix) || hash->size() > kMaxHashChars || !printable)) {
        return item.error(item.key +
                          " must be the line `bakend --hash-passphrase` prints (it starts with "
                          "\"$argon2id$\"), not the passphrase itself; got " +
                          std::to_string(hash->size()) + " characters");
    }
    config.web_passphrase_hash = std::move(*hash);
    return std::nullopt;
}

Check set_web_public_notice_board(const Item& item, Config& config) {
    auto on = get_bool(item);
    if (!on) return on.error();
    config.web_public_notice_board = *on;
    return std::nullopt;
}

Check set_web_session_hours(const Item& item, Config& config) {
    auto hours = get_integer(item, 1, 168, "hours, at most a week");
    if (!hours) return hours.error();
    config.web_session_hours = *hours;
    return std::nullopt;
}

// A DNS name: letters, digits, '-' and '.', 1..253 characters; compared case-insensitively.
Check set_web_host_names(const Item& item, Config& config) {
    constexpr std::size_t kMaxNames = 16;
    const auto* array = item.node.as_array();
    if (array == nullptr) return item.wrong_type(R"(a list such as ["steunpunt.local"])");
    if (array->size() > kMaxNames) {
        return item.error(item.key + " lists " + std::to_string(array->size()) +
                          " names; at most " + std::to_string(kMaxNames));
    }
    config.web_host_names.clear();
    for (const toml::node& element : *array) {
        Item entry{item.key, element};
        auto name = get_string(entry, R"(a host name such as "steunpunt.local")");
        if (!name) return name.error();
        const bool valid = !name->empty() && name->size() <= 253 &&
                           std::all_of(name->begin(), name->end(), [](char c) {
                               return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                      (c >= '0' && c <= '9') || c == '-' || c == '.';
                           });
        if (!valid) {
            return entry.error(item.key + ": " + quote_value(*name) +
                               " is not a host name (letters, digits, '-' and '.'; no port)");
        }
        for (char& c : *name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        config.web_host_names.push_back(std::move(*name));
    }
    return std::nullopt;
}

// Absolute folders, at most 8: polled every two seconds for sticks with a baken/ folder.
Check set_stick_watch(const Item& item, Config& config) {
    constexpr std::size_t kMaxFolders = 8;
    const auto* array = item.node.as_array();
    if (array == nullptr) return item.wrong_type(R"(a list such as ["/media"])");
    if (array->size() > kMaxFolders) {
        return item.error(item.key + " lists " + std::to_string(array->size()) +
                          " folders; at most " + std::to_string(kMaxFolders));
    }
    config.stick_watch.clear();
    for (const toml::node& element : *array) {
        Item entry{item.key, element};
        auto folder = get_string(entry, R"(an absolute folder such as "/media")");
        if (!folder) return folder.error();
        if (folder->empty() || folder->front() != '/')
            return entry.error(item.key + ": " + quote_value(*folder) + " is not an absolute path");
        config.stick_watch.emplace_back(*folder);
    }
    return std::nullopt;
}

struct KeySpec {
    std::string_view name;
    Check (*set)(const Item&, Config&);
};

struct SectionSpec {
    std::string_view name;
    std::span<const KeySpec> keys;
};

constexpr KeySpec kNodeKeys[] = {{"name", set_node_name}, {"data_dir", set_data_dir}};
constexpr KeySpec kApiKeys[] = {{"listen", set_api_listen}};
constexpr KeySpec kStorageKeys[] = {{"quota_mb", set_storage_quota}};
constexpr KeySpec kMessagesKeys[] = {{"default_ttl_hours", set_default_ttl}};
constexpr KeySpec kLogKeys[] = {{"level", set_log_level}};
constexpr KeySpec kSyncKeys[] = {{"enabled", set_sync_enabled},
                                 {"listen", set_sync_listen},
                                 {"peers", set_sync_peers},
                                 {"max_sessions", set_sync_max_sessions}};
constexpr KeySpec kDiscoveryKeys[] = {{"enabled", set_discovery_enabled},
                                      {"interval_s", set_discovery_interval}};
constexpr KeySpec kTrustKeys[] = {{"roots", set_trust_roots}};
constexpr KeySpec kStickKeys[] = {{"watch", set_stick_watch}};
constexpr KeySpec kWebKeys[] = {{"passphrase_hash", set_web_passphrase_hash},
                                {"public_notice_board", set_web_public_notice_board},
                                {"session_hours", set_web_session_hours},
                                {"host_names", set_web_host_names}};

// In the order bakend.example.toml presents them, which is also the order errors list them.
constexpr SectionSpec kSections[] = {
    {"node", kNodeKeys},
    {"api", kApiKeys},
    {"web", kWebKeys},
    {"sync", kSyncKeys},
    {"discovery", kDiscoveryKeys},
    {"trust", kTrustKeys},
    {"storage", kStorageKeys},
    {"messages", kMessagesKeys},
    {"sticks", kStickKeys},
    {"log", kLogKeys},
};

template <typename Spec>
const Spec* find_spec(std::span<const Spec> specs, std::string_view name) {
    for (const Spec& spec : specs) {
        if (spec.name == name) return &spec;
    }
    return nullptr;
}

std::string known_sections() {
    std::string text = "known sections: ";
    for (const SectionSpec& section : kSections) {
        if (&section != &kSections[0]) text += ", ";
        text += '[' + std::string(section.name) + ']';
    }
    return text;
}

std::string known_keys(const SectionSpec& section) {
    std::string text = "known keys in [" + std::string(section.name) + "]: ";
    for (const KeySpec& key : section.keys) {
        if (&key != &section.keys.front()) text += ", ";
        text += key.name;
    }
    return text;
}

// Checks every key of one section, appending each problem to `errors`.
void apply_section(const SectionSpec& section, const toml::table& table, Config& config,
                   std::vector<Located>& errors) {
    for (auto&& [key, node] : table) {
        const std::string dotted = std::string(section.name) + '.' + key_text(key.str());
        const KeySpec* spec = find_spec(section.keys, key.str());
        if (spec == nullptr) {
            errors.push_back(
                {key.source().begin, "unknown key " + dotted + "; " + known_keys(section)});
            continue;
        }
        if (auto problem = spec->set(Item{dotted, node}, config)) {
            errors.push_back(std::move(*problem));
        }
    }
}

// Walks the whole document; returns every problem found, in no particular order.
std::vector<Located> apply_document(const toml::table& root, Config& config) {
    std::vector<Located> errors;
    for (auto&& [key, node] : root) {
        const std::string name = key_text(key.str());
        const SectionSpec* section = find_spec(std::span<const SectionSpec>(kSections), key.str());
        if (section == nullptr) {
            errors.push_back(
                {key.source().begin,
                 (node.is_table() ? "unknown section [" + name + "]" : "unknown key " + name) +
                     "; " + known_sections()});
            continue;
        }
        const toml::table* table = node.as_table();
        if (table == nullptr) {
            errors.push_back(Item{name, node}.wrong_type("a section ([" + name + "])"));
            continue;
        }
        apply_section(*section, *table, config, errors);
    }
    return errors;
}

// toml++ is built with or without exceptions (TOML_EXCEPTIONS); Debian's is built with them, and
// then toml::parse throws instead of returning a parse_result. Either way no exception leaves.
Result<toml::table, Located> parse_toml(std::string_view text, std::string_view source_name) {
#if TOML_EXCEPTIONS
    try {
        return toml::parse(text, source_name);
    } catch (const toml::parse_error& e) {
        return fail(
            Located{e.source().begin, "TOML syntax error: " + std::string(e.description())});
    }
#else
    toml::parse_result parsed = toml::parse(text, source_name);
    if (!parsed) {
        const toml::parse_error& e = parsed.error();
        return fail(
            Located{e.source().begin, "TOML syntax error: " + std::string(e.description())});
    }
    return std::move(parsed).table();
#endif
}

std::string host_name() {
    char buffer[HOST_NAME_MAX + 1] = {};
    // POSIX leaves termination after truncation unspecified; the last byte stays 0 regardless.
    if (gethostname(buffer, sizeof buffer - 1) != 0 || buffer[0] == '\0') return "bakend";
    return buffer;
}

}  // namespace

Config default_config() {
    Config config;
    config.node_name = host_name();
    return config;
}

Result<Config, ConfigError> parse_config(std::string_view toml_text, std::string_view source_name) {
    auto root = parse_toml(toml_text, source_name);
    if (!root) return fail(format_error(source_name, root.error()));

    Config config = default_config();
    std::vector<Located> errors = apply_document(*root, config);
    if (!errors.empty()) {
        // toml++ keeps keys sorted by name; report the problem a reader meets first instead.
        const auto first =
            std::min_element(errors.begin(), errors.end(), [](const Located& a, const Located& b) {
                return std::pair(a.at.line, a.at.column) < std::pair(b.at.line, b.at.column);
            });
        return fail(format_error(source_name, *first));
    }
    return config;
}

Result<Config, ConfigError> load_config(const std::filesystem::path& file) {
    const std::string name = file.string();
    auto read_error = [&name](int error) {
        return ConfigError{name + ": cannot read: " + std::generic_category().message(error)};
    };

    std::unique_ptr<std::FILE, int (*)(std::FILE*)> stream(std::fopen(name.c_str(), "rb"),
                                                           &std::fclose);
    if (!stream) return fail(read_error(errno));

    std::string text;
    char chunk[4096];
    std::size_t n;
    while ((n = std::fread(chunk, 1, sizeof chunk, stream.get())) > 0) {
        text.append(chunk, n);
        if (text.size() > kMaxConfigFileBytes) {
            return fail(ConfigError{name + ": larger than 1 MiB; is this really the config file?"});
        }
    }
    // fread sets errno when the underlying read fails, e.g. EISDIR for a directory.
    if (std::ferror(stream.get())) return fail(read_error(errno));
    return parse_config(text, name);
}

Result<ListenEndpoint, std::string> parse_listen_endpoint(std::string_view text) {
    return parse_listen(text);
}

}  // namespace baken
