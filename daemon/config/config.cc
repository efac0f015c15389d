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

#include "message/kind.h"
#include "message/limits.h"
#include "radio/codec/callsign.h"
#include "radio/link/airtime_budget.h"

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
    return text + ", [[radio]]";
}

std::string known_keys(const SectionSpec& section) {
    std::string text = "known keys in [" + std::string(section.name) + "]: ";
    for (const KeySpec& key : section.keys) {
        if (&key != &section.keys.front()) text += ", ";
        text += key.name;
    }
    return text;
}

// ---- [[radio]] -----------------------------------------------------------------------------

constexpr std::size_t kMaxRadios = 8;
constexpr std::size_t kMaxRadioNameChars = 32;
// The serial speeds every UART and USB serial adapter offers.
constexpr std::array<std::int64_t, 11> kStandardBauds = {
    1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600};
// Longer lists than this can only repeat names: there are 8 kinds (plus 2 short forms).
constexpr std::size_t kMaxListedKinds = 16;

Check set_radio_name(const Item& item, RadioInterfaceConfig& radio) {
    auto name = get_string(item, R"(a name such as "vhf-dares")");
    if (!name) return name.error();
    const bool valid = !name->empty() && name->size() <= kMaxRadioNameChars &&
                       std::all_of(name->begin(), name->end(), [](char c) {
                           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
                       });
    if (!valid) {
        return item.error(item.key + " must be 1.." + std::to_string(kMaxRadioNameChars) +
                          " characters a-z, 0-9 and '-', e.g. \"vhf-dares\"; got " +
                          quote_value(*name));
    }
    radio.name = std::move(*name);
    return std::nullopt;
}

Check set_radio_device(const Item& item, RadioInterfaceConfig& radio) {
    auto device = get_string(item, R"(a serial port such as "/dev/ttyUSB0")");
    if (!device) return device.error();
    if (device->empty() || device->front() != '/') {
        return item.error(item.key + " must be the serial port's absolute path, such as " +
                          "\"/dev/ttyUSB0\"; got " + quote_value(*device));
    }
    radio.device = std::move(*device);
    return std::nullopt;
}

Check set_radio_tnc(const Item& item, RadioInterfaceConfig& radio) {
    auto text = get_string(item, R"(a string such as "127.0.0.1:8001")");
    if (!text) return text.error();
    auto endpoint = parse_listen(*text);
    if (!endpoint) return item.error(item.key + ": " + endpoint.error());
    if (endpoint->port == 0) return item.error(item.key + ": the TNC's port cannot be 0");
    radio.tnc_address = std::move(endpoint->address);
    radio.tnc_port = endpoint->port;
    return std::nullopt;
}

Check set_radio_baud(const Item& item, RadioInterfaceConfig& radio) {
    const auto* value = item.node.as_integer();
    if (value == nullptr) return item.wrong_type("an integer");
    if (std::find(kStandardBauds.begin(), kStandardBauds.end(), value->get()) ==
        kStandardBauds.end()) {
        return item.error(item.key +
                          " must be a standard serial speed: 1200, 2400, 4800, 9600, 19200, "
                          "38400, 57600, 115200, 230400, 460800 or 921600; got " +
                          std::to_string(value->get()));
    }
    radio.baud = static_cast<std::uint32_t>(value->get());
    return std::nullopt;
}

Check set_radio_bit_rate(const Item& item, RadioInterfaceConfig& radio) {
    auto rate = get_integer(item, 50, 1'000'000, "bits per second on the air");
    if (!rate) return rate.error();
    radio.bit_rate = static_cast<std::uint32_t>(*rate);
    return std::nullopt;
}

Check set_radio_framing(const Item& item, RadioInterfaceConfig& radio) {
    auto framing = get_string(item, R"("ax25" or "raw")");
    if (!framing) return framing.error();
    if (*framing == "ax25") {
        radio.framing = RadioFraming::ax25;
    } else if (*framing == "raw") {
        radio.framing = RadioFraming::raw;
    } else {
        return item.error(item.key +
                          R"( must be "ax25" (amateur packet TNCs) or "raw" (LoRa modems), got )" +
                          quote_value(*framing));
    }
    return std::nullopt;
}

Check set_radio_callsign(const Item& item, RadioInterfaceConfig& radio) {
    auto text = get_string(item, R"(a callsign such as "PA3XYZ-7")");
    if (!text) return text.error();
    auto callsign = radio::parse_callsign(*text);
    if (!callsign) return item.error(item.key + ": " + callsign.error());
    radio.callsign = radio::to_string(*callsign);
    return std::nullopt;
}

Check set_radio_destination(const Item& item, RadioInterfaceConfig& radio) {
    auto text = get_string(item, R"(a callsign such as "BAKEN")");
    if (!text) return text.error();
    auto callsign = radio::parse_callsign(*text);
    if (!callsign) return item.error(item.key + ": " + callsign.error());
    if (radio::is_reserved_destination(*callsign)) {
        return item.error(item.key + " cannot be " + quote_value(*text) +
                          ": TNCs such as Dire Wolf turn frames to SPEECH, MORSE or DTMF into "
                          "speech, Morse code or tones");
    }
    radio.destination = radio::to_string(*callsign);
    return std::nullopt;
}

Check set_radio_lawful(const Item& item, RadioInterfaceConfig& radio) {
    auto on = get_bool(item);
    if (!on) return on.error();
    radio.lawful = *on;
    return std::nullopt;
}

Check set_radio_duty_cycle(const Item& item, RadioInterfaceConfig& radio) {
    double percent = 0;
    if (const auto* f = item.node.as_floating_point()) {
        percent = f->get();
    } else if (const auto* i = item.node.as_integer()) {
        percent = static_cast<double>(i->get());
    } else {
        return item.wrong_type("a number of percent such as 10 or 1.5");
    }
    if (!(percent >= 0.1 && percent <= 100.0)) {  // also refuses nan
        std::ostringstream shown;
        shown << percent;
        return item.error(item.key + " must be 0.1..100 (percent of the window), got " +
                          shown.str());
    }
    radio.duty_cycle_percent = percent;
    return std::nullopt;
}

Check set_radio_duty_cycle_window(const Item& item, RadioInterfaceConfig& radio) {
    auto seconds = get_integer(item, 60, 3600, "seconds");
    if (!seconds) return seconds.error();
    radio.duty_cycle_window_s = *seconds;
    return std::nullopt;
}

Check set_radio_frame_bytes(const Item& item, RadioInterfaceConfig& radio) {
    auto bytes = get_integer(item, 64, 1024, "payload bytes per frame");
    if (!bytes) return bytes.error();
    radio.frame_bytes = static_cast<std::size_t>(*bytes);
    return std::nullopt;
}

// A list of names, each turned into its canonical form by `canonical` (nullopt: unknown);
// `known` lists the names for the error. Repeats are refused: they are usually a typo for
// another name.
template <typename Canonical>
Result<std::vector<std::string>, Located> get_names(const Item& item, std::string_view known,
                                                    Canonical canonical) {
    const auto* array = item.node.as_array();
    if (array == nullptr) return fail(item.wrong_type("a list of names such as [\"sitrep\"]"));
    if (array->size() > kMaxListedKinds) {
        return fail(item.error(item.key + " lists " + std::to_string(array->size()) +
                               " names; at most " + std::to_string(kMaxListedKinds)));
    }
    std::vector<std::string> names;
    for (const toml::node& element : *array) {
        Item entry{item.key, element};
        auto name = get_string(entry, "a name");
        if (!name) return fail(name.error());
        std::optional<std::string> name_of = canonical(*name);
        if (!name_of) {
            return fail(entry.error(item.key + ": " + quote_value(*name) + " is not one of " +
                                    std::string(known)));
        }
        if (std::find(names.begin(), names.end(), *name_of) != names.end()) {
            return fail(entry.error(item.key + " lists " + quote_value(*name) + " twice"));
        }
        names.push_back(std::move(*name_of));
    }
    return names;
}

Check set_radio_kinds(const Item& item, RadioInterfaceConfig& radio) {
    auto names = get_names(item,
                           "sitrep, support_point_status (or status), need, need_update (or "
                           "need-update), announcement, node_info, credential, revocation",
                           [](std::string_view name) -> std::optional<std::string> {
                               auto kind = kind_from_name(name);
                               if (!kind) return std::nullopt;
                               return std::string(kind_name(*kind));
                           });
    if (!names) return names.error();
    radio.kinds = std::move(*names);
    return std::nullopt;
}

Check set_radio_precedences(const Item& item, RadioInterfaceConfig& radio) {
    auto names = get_names(item, "flash, immediate, priority, routine",
                           [](std::string_view name) -> std::optional<std::string> {
                               auto precedence = precedence_from_name(name);
                               if (!precedence) return std::nullopt;
                               return std::string(precedence_name(*precedence));
                           });
    if (!names) return names.error();
    radio.precedences = std::move(*names);
    return std::nullopt;
}

Check set_radio_compress(const Item& item, RadioInterfaceConfig& radio) {
    auto on = get_bool(item);
    if (!on) return on.error();
    radio.compress = *on;
    return std::nullopt;
}

// KISS carries TXDELAY and slot time as one byte in units of 10 ms.
Result<std::uint32_t, Located> get_kiss_ms(const Item& item) {
    auto ms = get_integer(item, 0, 2550, "milliseconds");
    if (!ms) return fail(ms.error());
    if (*ms % 10 != 0) {
        return fail(item.error(item.key +
                               " must be a multiple of 10 (KISS counts in units of 10 ms), got " +
                               std::to_string(*ms)));
    }
    return static_cast<std::uint32_t>(*ms);
}

Check set_radio_tx_delay(const Item& item, RadioInterfaceConfig& radio) {
    auto ms = get_kiss_ms(item);
    if (!ms) return ms.error();
    radio.tx_delay_ms = *ms;
    return std::nullopt;
}

Check set_radio_persistence(const Item& item, RadioInterfaceConfig& radio) {
    auto p = get_integer(item, 0, 255, "p-persistence, 63 means a 25% chance per slot");
    if (!p) return p.error();
    radio.persistence = static_cast<std::uint32_t>(*p);
    return std::nullopt;
}

Check set_radio_slot_time(const Item& item, RadioInterfaceConfig& radio) {
    auto ms = get_kiss_ms(item);
    if (!ms) return ms.error();
    radio.slot_time_ms = *ms;
    return std::nullopt;
}

struct RadioKeySpec {
    std::string_view name;
    Check (*set)(const Item&, RadioInterfaceConfig&);
};

// In the order bakend.example.toml documents them.
constexpr RadioKeySpec kRadioKeys[] = {
    {"name", set_radio_name},
    {"device", set_radio_device},
    {"tnc", set_radio_tnc},
    {"baud", set_radio_baud},
    {"bit_rate", set_radio_bit_rate},
    {"framing", set_radio_framing},
    {"callsign", set_radio_callsign},
    {"destination", set_radio_destination},
    {"lawful", set_radio_lawful},
    {"duty_cycle_percent", set_radio_duty_cycle},
    {"duty_cycle_window_s", set_radio_duty_cycle_window},
    {"frame_bytes", set_radio_frame_bytes},
    {"kinds", set_radio_kinds},
    {"precedences", set_radio_precedences},
    {"compress", set_radio_compress},
    {"tx_delay_ms", set_radio_tx_delay},
    {"persistence", set_radio_persistence},
    {"slot_time_ms", set_radio_slot_time},
};

std::string known_radio_keys() {
    std::string text = "known keys in [[radio]]: ";
    for (const RadioKeySpec& key : kRadioKeys) {
        if (&key != &kRadioKeys[0]) text += ", ";
        text += key.name;
    }
    return text;
}

// The key named `key` of a [[radio]] table, for an error placed at it. REQUIRES: present.
Item radio_key(const std::string& prefix, const toml::table& table, std::string_view key) {
    return Item{prefix + '.' + std::string(key), *table.get(key)};
}

// Where the modem is: exactly one of device and tnc, and a baud rate only for a device.
Check check_radio_modem(const std::string& prefix, const toml::table& table,
                        const RadioInterfaceConfig& radio) {
    const bool has_device = table.contains("device");
    const bool has_tnc = table.contains("tnc");
    if (!has_device && !has_tnc) {
        return Item{prefix, table}.error(
            prefix + " (" + radio.name +
            R"() needs device = "/dev/ttyUSB0" (a modem on a serial port) or )"
            R"(tnc = "127.0.0.1:8001" (a TNC's KISS TCP port))");
    }
    if (has_device && has_tnc) {
        const Item tnc = radio_key(prefix, table, "tnc");
        return tnc.error(tnc.key + ": give device or tnc, not both");
    }
    if (has_tnc && table.contains("baud")) {
        const Item baud = radio_key(prefix, table, "baud");
        return baud.error(baud.key +
                          " is the serial speed to a modem on device; a TNC over TCP has none");
    }
    return std::nullopt;
}

// Callsigns and lawful mode follow the framing: AX.25 needs a callsign and is lawful unless
// told otherwise; raw frames carry no callsign, so they take none and cannot be lawful.
Check check_radio_framing(const std::string& prefix, const toml::table& table,
                          RadioInterfaceConfig& radio) {
    if (radio.framing == RadioFraming::ax25) {
        if (radio.callsign.empty()) {
            return Item{prefix, table}.error(
                prefix + " (" + radio.name +
                R"() uses framing = "ax25" and needs callsign = "PA3XYZ-7": )"
                "the operator's callsign travels in every frame");
        }
        if (!table.contains("lawful")) radio.lawful = true;
        return std::nullopt;
    }
    for (std::string_view key : {"callsign", "destination"}) {
        if (!table.contains(key)) continue;
        const Item item = radio_key(prefix, table, key);
        return item.error(item.key +
                          R"( only applies with framing = "ax25": raw frames carry no callsigns)");
    }
    if (!table.contains("lawful")) {
        radio.lawful = false;
    } else if (radio.lawful) {
        const Item lawful = radio_key(prefix, table, "lawful");
        return lawful.error(lawful.key +
                            R"(: lawful mode needs framing = "ax25": the callsign travels )"
                            "in every AX.25 header");
    }
    return std::nullopt;
}

// The airtime budget must leave room for frames: a link whose frame never fits its budget (or
// whose TNC waits minutes for every slot) would be silent without saying why.
Check check_radio_airtime(const std::string& prefix, const toml::table& table,
                          const RadioInterfaceConfig& radio) {
    const radio::AirtimeModel model{radio.bit_rate, radio.tx_delay_ms,
                                    radio.framing == RadioFraming::ax25};
    const std::int64_t frame_ms = radio::airtime_ms(model, radio.frame_bytes + 16);
    const auto budget_ms = static_cast<std::int64_t>(
        static_cast<double>(radio.duty_cycle_window_s) * 10.0 * radio.duty_cycle_percent);
    // Routine data may use 70 % of the budget (docs/radio-link.md): room for at least two frames
    // there, so that a sitrep in two fragments can go in one window.
    if (2 * frame_ms > budget_ms * 7 / 10) {
        const Item at = table.contains("duty_cycle_percent")
                            ? radio_key(prefix, table, "duty_cycle_percent")
                            : Item{prefix, table};
        return at.error(prefix + ": a frame of " + std::to_string(radio.frame_bytes) +
                        " bytes takes " + std::to_string(frame_ms) + " ms on air at " +
                        std::to_string(radio.bit_rate) + " bit/s, but the airtime budget (" +
                        std::to_string(budget_ms) + " ms per " +
                        std::to_string(radio.duty_cycle_window_s) +
                        " s) leaves room for fewer than two: raise duty_cycle_percent or "
                        "duty_cycle_window_s, or lower frame_bytes");
    }
    if (radio::mean_access_delay_ms(radio.persistence, radio.slot_time_ms) > 10'000) {
        const Item at = table.contains("persistence") ? radio_key(prefix, table, "persistence")
                                                      : radio_key(prefix, table, "slot_time_ms");
        return at.error(
            prefix + ": with persistence = " + std::to_string(radio.persistence) +
            " and slot_time_ms = " + std::to_string(radio.slot_time_ms) + " the TNC waits " +
            std::to_string(radio::mean_access_delay_ms(radio.persistence, radio.slot_time_ms) /
                           1000) +
            " s on average before each frame; the usual values are 63 and 100");
    }
    return std::nullopt;
}

// The rules between keys of one interface, checked once each key is valid on its own.
// `prefix` is "radio[N]"; a problem is placed at the key concerned, or at the table's header
// when a key is missing.
Check check_radio(const std::string& prefix, const toml::table& table,
                  RadioInterfaceConfig& radio) {
    if (radio.name.empty())
        return Item{prefix, table}.error(prefix + R"( needs a name, e.g. name = "vhf-dares")");
    if (auto problem = check_radio_modem(prefix, table, radio)) return problem;
    if (auto problem = check_radio_framing(prefix, table, radio)) return problem;
    return check_radio_airtime(prefix, table, radio);
}

// One [[radio]] table: every key, then the rules between them, then a distinct name.
void apply_radio(const std::string& prefix, const toml::table& table, Config& config,
                 std::vector<Located>& errors) {
    RadioInterfaceConfig radio;
    const std::size_t errors_before = errors.size();
    for (auto&& [key, node] : table) {
        const std::string dotted = prefix + '.' + key_text(key.str());
        const RadioKeySpec* spec = find_spec(std::span<const RadioKeySpec>(kRadioKeys), key.str());
        if (spec == nullptr) {
            errors.push_back(
                {key.source().begin, "unknown key " + dotted + "; " + known_radio_keys()});
            continue;
        }
        if (auto problem = spec->set(Item{dotted, node}, radio))
            errors.push_back(std::move(*problem));
    }
    // A missing key reported at the header would hide the misspelt key that caused it.
    if (errors.size() != errors_before) return;
    if (auto problem = check_radio(prefix, table, radio)) {
        errors.push_back(std::move(*problem));
        return;
    }
    for (std::size_t i = 0; i < config.radios.size(); ++i) {
        if (config.radios[i].name != radio.name) continue;
        const Item name = radio_key(prefix, table, "name");
        errors.push_back(name.error(name.key + ": " + quote_value(radio.name) +
                                    " is already the name of radio[" + std::to_string(i + 1) +
                                    "]; each interface needs its own"));
        return;
    }
    config.radios.push_back(std::move(radio));
}

// The [[radio]] array: at most kMaxRadios tables.
void apply_radios(const toml::node& node, Config& config, std::vector<Located>& errors) {
    const auto* array = node.as_array();
    if (array == nullptr) {
        errors.push_back(Item{"radio", node}.wrong_type(
            "a list of interfaces, each a [[radio]] table (with two brackets)"));
        return;
    }
    config.radios.clear();
    std::size_t index = 0;
    for (const toml::node& element : *array) {
        const std::string prefix = "radio[" + std::to_string(++index) + "]";
        if (index > kMaxRadios) {
            errors.push_back(Item{prefix, element}.error(
                prefix + ": at most " + std::to_string(kMaxRadios) + " [[radio]] interfaces"));
            return;
        }
        const toml::table* table = element.as_table();
        if (table == nullptr) {
            errors.push_back(Item{prefix, element}.wrong_type("a [[radio]] table"));
            continue;
        }
        apply_radio(prefix, *table, config, errors);
    }
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
        if (key.str() == "radio") {
            apply_radios(node, config, errors);
            continue;
        }
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
