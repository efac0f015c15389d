// The daemon's configuration: the bakend.toml file, its defaults and its validation.
//
// A config file is written by hand, often in a hurry, by someone who is not a developer. So the
// loader is strict and specific: every key is known, every value is checked, and every error
// names the file, the line (and column) of the offending value, the dotted key, what was
// expected and what was found, e.g.
//
//     bakend.toml:7:10: api.listen: port must be 0..65535, got 70000
//
// Unknown sections and keys are errors, not warnings: a misspelt key in a crisis config would
// otherwise silently leave its default in place. Keys that are absent take their defaults; an
// empty file gives default_config(). bakend.example.toml beside this header lists every key.
//
// Nothing here throws: toml++ parse errors are caught inside the module and returned as
// ConfigError, like every other config problem.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace baken {

// A peer to keep a sync session with: "ADDR:PORT", or "KEYHEX@ADDR:PORT" to also pin the key
// the peer must prove (64 hex characters, its `baken id`).
struct PeerAddress {
    std::string address;  // numeric, without brackets
    std::uint16_t port = 0;
    std::string key_hex;  // empty: any key that passes the handshake
};

// How a radio interface puts a payload on the air (docs/radio-link.md).
enum class RadioFraming {
    ax25,  // an AX.25 UI frame with callsigns: amateur packet TNCs (Dire Wolf, a TNC-Pi)
    raw,   // the KISS payload alone: LoRa modems, licence-free bands
};

// One [[radio]] table: a KISS modem and how the narrow-link protocol may use it. The ranges
// are checked by the loader; after loading, exactly one of `device` and `tnc_address` is set.
struct RadioInterfaceConfig {
    // 1..32 of a-z 0-9 '-', distinct: names the interface in logs, the API and `baken links`.
    std::string name;
    // A serial port (absolute path, e.g. /dev/ttyUSB0), or
    std::filesystem::path device;
    // a software TNC's KISS TCP port: tnc = "ADDR:PORT" (numeric address, like sync peers;
    // tnc_address without brackets). Exactly one of device and tnc.
    std::string tnc_address;
    std::uint16_t tnc_port = 0;
    // Host<->modem serial speed; only with device. A standard rate, 1200..921600.
    std::uint32_t baud = 9600;
    // Bits per second on the air, for airtime accounting (50..1000000).
    std::uint32_t bit_rate = 1200;
    RadioFraming framing = RadioFraming::ax25;
    // With ax25 (required there, refused with raw): the operator's callsign, "PA3XYZ-7",
    // upper-cased as radio::parse_callsign accepts it.
    std::string callsign;
    // The AX.25 destination (ax25 only); SPEECH, MORSE and DTMF are refused.
    std::string destination = "BAKEN";
    // Lawful amateur mode: signed, never encrypted; sealed content and restricted kinds never
    // sent; the callsign in every frame. Default true with ax25, false with raw; true with raw
    // is refused, because only AX.25 headers carry the callsign.
    bool lawful = true;
    // Airtime budget: at most this share (0.1..100 %) of every sliding window (60..3600 s) is
    // spent transmitting. ETSI EN 300 220 counts licence-free duty cycles per hour.
    double duty_cycle_percent = 10.0;
    std::int64_t duty_cycle_window_s = 3600;
    // Most payload bytes per radio frame (64..1024; 256 is safe with every TNC).
    std::size_t frame_bytes = 200;
    // Which kinds may use the link, as message/kind.h names them ("status" is stored as
    // "support_point_status"); empty: every kind.
    std::vector<std::string> kinds;
    // Which precedences may use the link: "flash", "immediate", "priority", "routine";
    // empty: all.
    std::vector<std::string> precedences;
    // Deflate frame payloads when that makes them smaller.
    bool compress = true;
    // KISS TNC parameters: TXDELAY and slot time in ms (0..2550, multiples of 10, as KISS
    // carries them in units of 10 ms) and p-persistence (0..255).
    std::uint32_t tx_delay_ms = 300;
    std::uint32_t persistence = 63;
    std::uint32_t slot_time_ms = 100;
};

struct Config {
    // [node] name: how this node introduces itself to peers and in the web UI.
    // Default: the machine's host name ("bakend" if it has none). 1..128 bytes, no control
    // characters, because the name travels in node-info messages and ends up in log lines.
    std::string node_name;

    // [node] data_dir: where the store lives. Default empty: the caller decides (/var/lib/baken
    // under systemd, --data DIR otherwise; --data also overrides the file). When set it must be
    // an absolute path, because the daemon's working directory differs between systemd and a
    // terminal and a relative path would silently point somewhere else.
    std::filesystem::path data_dir;

    // [api] listen = "ADDR:PORT": where the web UI and HTTP API listen. ADDR is a numeric IPv4
    // address or a bracketed IPv6 address ("[::1]:7718"); host names are not accepted, so that
    // what the daemon binds to never depends on a resolver that may be down. api_address holds
    // the address without brackets. Port 0 lets the OS pick one (tests use that).
    std::string api_address = "127.0.0.1";
    std::uint16_t api_port = 7718;

    // [storage] quota_mb: the most the message store may use on disk, in MiB
    // (1..131072, i.e. up to 128 GiB).
    std::uint64_t storage_quota_bytes = 1ull << 30;

    // [messages] default_ttl_hours: lifetime of a message whose author gives none
    // (1..2160 hours; 2160 h = 90 days is the message format's maximum lifetime).
    std::int64_t default_ttl_seconds = 72 * 3600;

    // [sync] listen = "ADDR:PORT": where peers connect for mesh sync (TCP). Default
    // "0.0.0.0:7717": every LAN interface, since sessions are authenticated and encrypted.
    bool sync_enabled = true;  // [sync] enabled
    std::string sync_address = "0.0.0.0";
    std::uint16_t sync_port = 7717;
    // [sync] peers = ["ADDR:PORT", "KEYHEX@ADDR:PORT", ...]: peers this node connects to itself
    // and keeps reconnecting to (with jittered backoff). At most 64.
    std::vector<PeerAddress> sync_peers;
    // [sync] max_sessions: concurrent peer sessions, in and out (1..256, default 32).
    std::size_t sync_max_sessions = 32;

    // [discovery] enabled: send and listen for signed LAN beacons (UDP, on the sync port).
    bool discovery_enabled = true;
    // [discovery] interval_s: seconds between beacons (5..3600, default 30).
    std::int64_t discovery_interval_s = 30;

    // [trust] roots = ["KEYHEX", ...]: the region roots whose credentials and revocations this
    // node believes (64 hex characters each: `baken region init` prints it). At most 16;
    // neighbouring regions help each other. Empty (the default): no authorisation at all, for
    // a development mesh or the demo; bakend warns about it at start.
    std::vector<std::string> trust_roots_hex;

    // [web] passphrase_hash: the browser sign-in passphrase as libsodium's crypto_pwhash_str
    // string (argon2id, "$argon2id$v=19$m=...", from `bakend --hash-passphrase`), never the
    // passphrase itself. Empty (the default): no sign-in, allowed only while [api] listen is a
    // loopback address; bakend refuses to listen beyond loopback without it (docs/web-ui.md).
    std::string web_passphrase_hash;
    // [web] public_notice_board: the printable notice board (/notice) may be read without
    // signing in, e.g. on a screen in the support point's hall. Default false.
    bool web_public_notice_board = false;
    // [web] session_hours: how long a browser stays signed in at most (1..168, default 12).
    std::int64_t web_session_hours = 12;
    // [web] host_names = ["steunpunt.local", ...]: names, besides IP addresses and
    // "localhost", that browsers may use to reach this node (the Host header is checked
    // against them, against DNS rebinding). At most 16.
    std::vector<std::string> web_host_names;

    // [sticks] watch = ["/media", "/run/media"]: folders where USB sticks are mounted. A stick
    // (a folder up to two levels below one of these) holding a `baken/` folder gets a stick
    // visit as soon as it appears (docs/bundle-format.md, "Stick mode"). At most 8 absolute
    // paths; [] turns the watching off (`baken bundle stick PATH` still works).
    std::vector<std::filesystem::path> stick_watch = {"/media", "/run/media"};

    // [log] level: one of "error", "warning", "info", "debug" (the names of log::Level).
    std::string log_level = "info";

    // [[radio]]: radio interfaces, one table each, at most 8 (docs/radio-link.md). Errors name
    // an interface by its place in the file, counted from 1: radio[2].baud.
    std::vector<RadioInterfaceConfig> radios;
};

struct ConfigError {
    // One line, ready for a person: "SOURCE:LINE:COLUMN: KEY ... expected ..., got ...".
    std::string text;
};

// Parses and validates TOML text. source_name (usually the file's path) prefixes every error.
// Errors: a TOML syntax error (toml++'s description at its line:column), an unknown section or
// key, a value of the wrong type, or a value out of range. On any error nothing of the text is
// used; the caller should report error().text and refuse to start rather than run on defaults.
Result<Config, ConfigError> parse_config(std::string_view toml_text, std::string_view source_name);

// Reads `file` and parses it with parse_config, naming the file as given in errors.
// Errors: those of parse_config, plus the file cannot be read ("PATH: cannot read: <strerror>")
// or is larger than 1 MiB (a config file is a few hundred bytes; anything huge is a mistake
// such as pointing --config at a device or a log file).
Result<Config, ConfigError> load_config(const std::filesystem::path& file);

struct ListenEndpoint {
    std::string address;  // numeric, without brackets
    std::uint16_t port = 0;
};
// Parses "IPV4:PORT" or "[IPV6]:PORT" as [api] listen does; for the --listen flag.
Result<ListenEndpoint, std::string> parse_listen_endpoint(std::string_view text);

// The configuration an empty file gives. Looks up the host name, so it is not constexpr.
Config default_config();

}  // namespace baken
