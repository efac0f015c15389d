// Tests of the bakend.toml loader: defaults, a full config, and that every bad value gives an
// error naming the file, the line and the key.
#include "config/config.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <string>

namespace baken {
namespace {

// Substring check with a readable failure message (plain GoogleTest, no GoogleMock needed).
::testing::AssertionResult contains(const std::string& text, std::string_view part) {
    if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure()
           << "\"" << text << "\"\ndoes not contain\n\"" << part << "\"";
}

// The error text for a config that must be rejected; fails the test if it is accepted.
std::string error_of(std::string_view text) {
    auto result = parse_config(text, "bakend.toml");
    EXPECT_FALSE(result.ok()) << "accepted:\n" << text;
    return result.ok() ? std::string() : result.error().text;
}

Config config_of(std::string_view text) {
    auto result = parse_config(text, "bakend.toml");
    EXPECT_TRUE(result.ok()) << result.error().text;
    return result.ok() ? *result : Config{};
}

void expect_same(const Config& a, const Config& b) {
    EXPECT_EQ(a.node_name, b.node_name);
    EXPECT_EQ(a.data_dir, b.data_dir);
    EXPECT_EQ(a.api_address, b.api_address);
    EXPECT_EQ(a.api_port, b.api_port);
    EXPECT_EQ(a.storage_quota_bytes, b.storage_quota_bytes);
    EXPECT_EQ(a.default_ttl_seconds, b.default_ttl_seconds);
    EXPECT_EQ(a.log_level, b.log_level);
    EXPECT_EQ(a.web_passphrase_hash, b.web_passphrase_hash);
    EXPECT_EQ(a.web_public_notice_board, b.web_public_notice_board);
    EXPECT_EQ(a.web_session_hours, b.web_session_hours);
    EXPECT_EQ(a.web_host_names, b.web_host_names);
    EXPECT_EQ(a.stick_watch, b.stick_watch);
    EXPECT_EQ(a.radios.size(), b.radios.size());
}

// A scratch directory per test, removed afterwards.
class TempDir {
  public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "baken-config-XXXXXX");
        path_ = mkdtemp(pattern.data());
    }
    ~TempDir() { std::filesystem::remove_all(path_); }
    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

TEST(DefaultConfig, HasDocumentedDefaultsAndANodeName) {
    const Config config = default_config();
    EXPECT_FALSE(config.node_name.empty());
    EXPECT_TRUE(config.data_dir.empty());
    EXPECT_EQ(config.api_address, "127.0.0.1");
    EXPECT_EQ(config.api_port, 7718);
    EXPECT_EQ(config.storage_quota_bytes, 1024ull * 1024 * 1024);
    EXPECT_EQ(config.default_ttl_seconds, 72 * 3600);
    EXPECT_EQ(config.log_level, "info");
}

TEST(ParseConfig, EmptyTextGivesDefaults) {
    expect_same(config_of(""), default_config());
}

TEST(ParseConfig, CommentsAndEmptySectionsGiveDefaults) {
    expect_same(config_of("# nothing set\n\n[node]\n[api]\n[storage]\n[messages]\n[log]\n"),
                default_config());
}

TEST(ParseConfig, FullValidConfigSetsEveryField) {
    const Config config = config_of(R"(
[node]
name = "Noodsteunpunt De Klop"
data_dir = "/srv/baken"

[api]
listen = "0.0.0.0:8080"

[storage]
quota_mb = 256

[messages]
default_ttl_hours = 24

[log]
level = "debug"
)");
    EXPECT_EQ(config.node_name, "Noodsteunpunt De Klop");
    EXPECT_EQ(config.data_dir, std::filesystem::path("/srv/baken"));
    EXPECT_EQ(config.api_address, "0.0.0.0");
    EXPECT_EQ(config.api_port, 8080);
    EXPECT_EQ(config.storage_quota_bytes, 256ull << 20);
    EXPECT_EQ(config.default_ttl_seconds, 24 * 3600);
    EXPECT_EQ(config.log_level, "debug");
}

TEST(ParseConfig, AbsentKeysKeepTheirDefaults) {
    const Config config = config_of("[storage]\nquota_mb = 10\n");
    EXPECT_EQ(config.storage_quota_bytes, 10ull << 20);
    EXPECT_EQ(config.api_port, 7718);
    EXPECT_EQ(config.log_level, "info");
}

TEST(ParseConfig, InlineTablesAndDottedKeysAreAccepted) {
    const Config config = config_of("api = { listen = \"127.0.0.1:1\" }\nlog.level = \"error\"\n");
    EXPECT_EQ(config.api_port, 1);
    EXPECT_EQ(config.log_level, "error");
}

TEST(ParseConfig, BracketedIpv6ListenAddressIsStoredWithoutBrackets) {
    const Config config = config_of("[api]\nlisten = \"[::1]:7718\"\n");
    EXPECT_EQ(config.api_address, "::1");
    EXPECT_EQ(config.api_port, 7718);
}

TEST(ParseConfig, PortZeroIsAllowedSoTheOsCanPickOne) {
    EXPECT_EQ(config_of("[api]\nlisten = \"127.0.0.1:0\"\n").api_port, 0);
}

TEST(ParseConfig, RangeLimitsAreInclusive) {
    const Config low = config_of("[storage]\nquota_mb = 1\n[messages]\ndefault_ttl_hours = 1\n");
    EXPECT_EQ(low.storage_quota_bytes, 1ull << 20);
    EXPECT_EQ(low.default_ttl_seconds, 3600);
    const Config high =
        config_of("[storage]\nquota_mb = 131072\n[messages]\ndefault_ttl_hours = 2160\n");
    EXPECT_EQ(high.storage_quota_bytes, 1ull << 37);
    EXPECT_EQ(high.default_ttl_seconds, 2160 * 3600);
    EXPECT_EQ(config_of("[api]\nlisten = \"127.0.0.1:65535\"\n").api_port, 65535);
}

TEST(ParseConfigError, NonNumericPortNamesKeyAndLine) {
    const std::string e = error_of("[api]\nlisten = \"127.0.0.1:http\"\n");
    EXPECT_TRUE(contains(e, "bakend.toml:2:10: api.listen: port must be a number"));
    EXPECT_TRUE(contains(e, "\"http\""));
}

TEST(ParseConfigError, MissingPortNamesKeyAndLine) {
    const std::string e = error_of("[api]\nlisten = \"127.0.0.1\"\n");
    EXPECT_TRUE(contains(e, "bakend.toml:2:10: api.listen: missing port"));
}

TEST(ParseConfigError, PortOutOfRangeSaysRangeAndValue) {
    EXPECT_EQ(error_of("[api]\nlisten = \"127.0.0.1:70000\"\n"),
              "bakend.toml:2:10: api.listen: port must be 0..65535, got 70000");
    EXPECT_TRUE(contains(error_of("[api]\nlisten = \"127.0.0.1:99999999999999999999\"\n"),
                         "bakend.toml:2:10: api.listen: port must be 0..65535"));
}

TEST(ParseConfigError, BadIpv4AddressNamesKeyAndLine) {
    const std::string e = error_of("\n[api]\nlisten = \"300.1.2.3:7718\"\n");
    EXPECT_TRUE(contains(e, "bakend.toml:3:10: api.listen:"));
    EXPECT_TRUE(contains(e, "\"300.1.2.3\" is not an IPv4 address"));
}

TEST(ParseConfigError, HostNameIsNotAcceptedAsAddress) {
    EXPECT_TRUE(contains(error_of("[api]\nlisten = \"localhost:7718\"\n"),
                         "bakend.toml:2:10: api.listen: \"localhost\" is not an IPv4 address"));
}

TEST(ParseConfigError, UnbracketedIpv6AddressAsksForBrackets) {
    EXPECT_TRUE(contains(error_of("[api]\nlisten = \"::1:7718\"\n"),
                         "bakend.toml:2:10: api.listen: an IPv6 address must be in brackets"));
}

TEST(ParseConfigError, BadIpv6AddressNamesKeyAndLine) {
    EXPECT_TRUE(contains(error_of("[api]\nlisten = \"[::g]:7718\"\n"),
                         "bakend.toml:2:10: api.listen: \"::g\" is not an IPv6 address"));
    EXPECT_TRUE(contains(error_of("[api]\nlisten = \"[::1]7718\"\n"),
                         "bakend.toml:2:10: api.listen: expected ':PORT' after ']'"));
}

TEST(ParseConfigError, ListenAsNumberShowsTheExpectedForm) {
    EXPECT_EQ(error_of("[api]\nlisten = 7718\n"),
              "bakend.toml:2:10: api.listen must be a string such as \"127.0.0.1:7718\", got "
              "integer 7718");
}

TEST(ParseConfigError, QuotaZeroSaysRange) {
    EXPECT_EQ(error_of("[storage]\nquota_mb = 0\n"),
              "bakend.toml:2:12: storage.quota_mb must be 1..131072 (MiB), got 0");
}

TEST(ParseConfigError, QuotaAsStringSaysIntegerExpected) {
    EXPECT_EQ(error_of("[storage]\nquota_mb = \"1024\"\n"),
              "bakend.toml:2:12: storage.quota_mb must be an integer, got string \"1024\"");
}

TEST(ParseConfigError, QuotaAsFloatSaysIntegerExpected) {
    EXPECT_TRUE(contains(error_of("[storage]\nquota_mb = 1024.0\n"),
                         "bakend.toml:2:12: storage.quota_mb must be an integer, got "
                         "floating-point number 1024.0"));
}

TEST(ParseConfigError, UnknownKeyListsKnownKeysOfItsSection) {
    EXPECT_EQ(error_of("[api]\nlisen = \"127.0.0.1:7718\"\n"),
              "bakend.toml:2:1: unknown key api.lisen; known keys in [api]: listen");
}

TEST(ParseConfigError, UnknownSectionListsKnownSections) {
    EXPECT_EQ(error_of("[node]\n\n[nodes]\nname = \"x\"\n"),
              "bakend.toml:3:2: unknown section [nodes]; known sections: [node], [api], [web], "
              "[sync], [discovery], [trust], [storage], [messages], [sticks], [log], [[radio]]");
}

TEST(ParseConfig, TrustRootsAreKeysInLowerCase) {
    auto config = parse_config("[trust]\nroots = [\"" + std::string(64, 'A') + "\"]\n", "t");
    ASSERT_TRUE(config) << config.error().text;
    EXPECT_EQ(config->trust_roots_hex, std::vector<std::string>{std::string(64, 'a')});
}

TEST(ParseConfigError, ATrustRootThatIsNotAKeyIsRefused) {
    EXPECT_TRUE(contains(error_of("[trust]\nroots = [\"abc\"]\n"),
                         "bakend.toml:2:10: trust.roots: \"abc\": a root key is 64 hex"));
}

TEST(ParseConfigError, TopLevelKeyOutsideASectionIsUnknown) {
    EXPECT_TRUE(contains(error_of("name = \"x\"\n"), "bakend.toml:1:1: unknown key name;"));
}

TEST(ParseConfigError, SubtableInsideASectionIsAnUnknownKey) {
    EXPECT_TRUE(contains(error_of("[api]\nlisten = \"127.0.0.1:1\"\n[api.tls]\ncert = \"x\"\n"),
                         "bakend.toml:3:6: unknown key api.tls; known keys in [api]: listen"));
}

TEST(ParseConfigError, SectionGivenAsValueSaysTableExpected) {
    EXPECT_EQ(error_of("log = \"debug\"\n"),
              "bakend.toml:1:7: log must be a section ([log]), got string \"debug\"");
}

TEST(ParseConfigError, BadLogLevelListsTheLevels) {
    EXPECT_EQ(error_of("[log]\nlevel = \"verbose\"\n"),
              "bakend.toml:2:9: log.level must be one of \"error\", \"warning\", \"info\", "
              "\"debug\", got \"verbose\"");
}

TEST(ParseConfigError, TtlOutOfRangeSaysRange) {
    EXPECT_TRUE(contains(error_of("[messages]\ndefault_ttl_hours = 2161\n"),
                         "bakend.toml:2:21: messages.default_ttl_hours must be 1..2160"));
    EXPECT_TRUE(contains(error_of("[messages]\ndefault_ttl_hours = -1\n"),
                         "bakend.toml:2:21: messages.default_ttl_hours must be 1..2160"));
}

TEST(ParseConfigError, EmptyOrControlCharacterNodeNameIsRejected) {
    EXPECT_TRUE(contains(error_of("[node]\nname = \"\"\n"),
                         "bakend.toml:2:8: node.name must be 1..128 bytes, got 0"));
    EXPECT_TRUE(contains(error_of("[node]\nname = \"a\\nb\"\n"),
                         "bakend.toml:2:8: node.name must not contain control characters, got "
                         "\"a\\x0ab\""));
}

TEST(ParseConfigError, RelativeDataDirIsRejected) {
    EXPECT_TRUE(contains(error_of("[node]\ndata_dir = \"data\"\n"),
                         "bakend.toml:2:12: node.data_dir must be an absolute path"));
}

TEST(ParseConfigError, SyntaxErrorGivesLineAndColumn) {
    const std::string e = error_of("[api]\nlisten = \n");
    EXPECT_TRUE(contains(e, "bakend.toml:2:10: TOML syntax error: "));
}

TEST(ParseConfigError, DuplicateKeyIsASyntaxError) {
    EXPECT_TRUE(contains(error_of("[log]\nlevel = \"info\"\nlevel = \"debug\"\n"),
                         "bakend.toml:3:9: TOML syntax error: "));
}

TEST(ParseConfigError, ReportsTheFirstProblemInFileOrder) {
    // toml++ sorts keys by name ("api" < "log"); the reader meets [log] first.
    EXPECT_TRUE(contains(error_of("[log]\nlevel = \"loud\"\n[api]\nlisten = \"x\"\n"),
                         "bakend.toml:2:9: log.level"));
}

TEST(ParseConfigError, QuotedValuesAreEscapedAndShortened) {
    const std::string e = error_of("[log]\nlevel = \"" + std::string(200, 'x') + "\"\n");
    EXPECT_TRUE(contains(e, "xxx...\""));
    EXPECT_LT(e.size(), 200u);
}

TEST(LoadConfig, MissingFileNamesTheFileAndTheReason) {
    TempDir dir;
    const auto file = dir.path() / "bakend.toml";
    auto result = load_config(file);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().text, file.string() + ": cannot read: No such file or directory");
}

TEST(LoadConfig, DirectoryIsNotAConfigFile) {
    TempDir dir;
    auto result = load_config(dir.path());
    ASSERT_FALSE(result.ok());
    EXPECT_TRUE(contains(result.error().text, dir.path().string() + ": cannot read: "));
}

TEST(LoadConfig, ReadsTheFileAndNamesItInErrors) {
    TempDir dir;
    const auto file = dir.path() / "bakend.toml";
    std::ofstream(file) << "[storage]\nquota_mb = 5\n";
    auto good = load_config(file);
    ASSERT_TRUE(good.ok()) << good.error().text;
    EXPECT_EQ(good->storage_quota_bytes, 5ull << 20);

    std::ofstream(file) << "[storage]\nquota_mb = 0\n";
    auto bad = load_config(file);
    ASSERT_FALSE(bad.ok());
    EXPECT_TRUE(contains(bad.error().text, file.string() + ":2:12: storage.quota_mb"));
}

TEST(LoadConfig, HugeFileIsRefused) {
    TempDir dir;
    const auto file = dir.path() / "bakend.toml";
    std::ofstream(file) << std::string(2 * 1024 * 1024, '#');
    auto result = load_config(file);
    ASSERT_FALSE(result.ok());
    EXPECT_TRUE(contains(result.error().text, "larger than 1 MiB"));
}

// The example shipped beside the code must stay valid and state the real defaults.
TEST(LoadConfig, ExampleFileGivesTheDefaults) {
    auto result = load_config(BAKEN_CONFIG_EXAMPLE);
    ASSERT_TRUE(result.ok()) << result.error().text;
    expect_same(*result, default_config());
}

}  // namespace
}  // namespace baken

namespace baken {
namespace {

TEST(ParseSyncConfig, ReadsListenPeersAndLimits) {
    auto parsed = parse_config(
        "[sync]\nlisten = \"127.0.0.1:17717\"\nmax_sessions = 4\n"
        "peers = [\"127.0.0.1:7727\", \"" +
            std::string(64, 'A') +
            "@[::1]:7737\"]\n"
            "[discovery]\nenabled = false\ninterval_s = 10\n",
        "bakend.toml");
    ASSERT_TRUE(parsed) << parsed.error().text;
    EXPECT_EQ(parsed->sync_address, "127.0.0.1");
    EXPECT_EQ(parsed->sync_port, 17717);
    EXPECT_EQ(parsed->sync_max_sessions, 4u);
    ASSERT_EQ(parsed->sync_peers.size(), 2u);
    EXPECT_EQ(parsed->sync_peers[0].port, 7727);
    EXPECT_TRUE(parsed->sync_peers[0].key_hex.empty());
    EXPECT_EQ(parsed->sync_peers[1].address, "::1");
    EXPECT_EQ(parsed->sync_peers[1].key_hex, std::string(64, 'a'));
    EXPECT_FALSE(parsed->discovery_enabled);
    EXPECT_EQ(parsed->discovery_interval_s, 10);
}

TEST(ParseSyncConfig, DefaultsListenOnThePeerSyncPort) {
    auto parsed = parse_config("", "bakend.toml");
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->sync_port, 7717);
    EXPECT_TRUE(parsed->sync_enabled);
    EXPECT_TRUE(parsed->discovery_enabled);
}

TEST(ParseSyncConfig, NamesABadPeerEntryAndItsLine) {
    auto parsed = parse_config(
        "[sync]\npeers = [\n  \"127.0.0.1:7727\",\n  \"xyz@127.0.0.1:1\",\n]\n", "bakend.toml");
    ASSERT_FALSE(parsed);
    EXPECT_NE(parsed.error().text.find("bakend.toml:4"), std::string::npos) << parsed.error().text;
    EXPECT_NE(parsed.error().text.find("64 hex"), std::string::npos) << parsed.error().text;
}

TEST(ParseSyncConfig, RefusesAPeerListThatIsNotAList) {
    auto parsed = parse_config("[sync]\npeers = \"127.0.0.1:7727\"\n", "bakend.toml");
    ASSERT_FALSE(parsed);
    EXPECT_NE(parsed.error().text.find("sync.peers must be a list"), std::string::npos)
        << parsed.error().text;
}

// ---- [web] -------------------------------------------------------------------------------

constexpr std::string_view kSampleHash =
    "$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA";

TEST(ParseWebConfig, DefaultsAreNoPassphrasePrivateBoardTwelveHours) {
    auto parsed = parse_config("", "bakend.toml");
    ASSERT_TRUE(parsed);
    EXPECT_TRUE(parsed->web_passphrase_hash.empty());
    EXPECT_FALSE(parsed->web_public_notice_board);
    EXPECT_EQ(parsed->web_session_hours, 12);
    EXPECT_TRUE(parsed->web_host_names.empty());
}

TEST(ParseWebConfig, ReadsEveryKey) {
    auto parsed = parse_config("[web]\npassphrase_hash = '" + std::string(kSampleHash) +
                                   "'\npublic_notice_board = true\nsession_hours = 2\n"
                                   "host_names = [\"Steunpunt.local\"]\n",
                               "bakend.toml");
    ASSERT_TRUE(parsed) << parsed.error().text;
    EXPECT_EQ(parsed->web_passphrase_hash, kSampleHash);
    EXPECT_TRUE(parsed->web_public_notice_board);
    EXPECT_EQ(parsed->web_session_hours, 2);
    EXPECT_EQ(parsed->web_host_names, std::vector<std::string>{"steunpunt.local"});
}

TEST(ParseStickConfig, WatchesMediaByDefaultAndTakesAbsoluteFolders) {
    auto defaults = parse_config("", "bakend.toml");
    ASSERT_TRUE(defaults);
    EXPECT_EQ(defaults->stick_watch, (std::vector<std::filesystem::path>{"/media", "/run/media"}));
    auto off = parse_config("[sticks]\nwatch = []\n", "bakend.toml");
    ASSERT_TRUE(off);
    EXPECT_TRUE(off->stick_watch.empty());
    auto mnt = parse_config("[sticks]\nwatch = [\"/mnt\"]\n", "bakend.toml");
    ASSERT_TRUE(mnt);
    EXPECT_EQ(mnt->stick_watch, std::vector<std::filesystem::path>{"/mnt"});
}

TEST(ParseStickConfig, ARelativeFolderIsRefusedWithItsPlace) {
    auto parsed = parse_config("[sticks]\nwatch = [\"media\"]\n", "bakend.toml");
    ASSERT_FALSE(parsed);
    EXPECT_NE(parsed.error().text.find("not an absolute path"), std::string::npos)
        << parsed.error().text;
}

TEST(ParseWebConfig, APassphraseInsteadOfItsHashIsRefused) {
    auto parsed = parse_config("[web]\npassphrase_hash = \"geheim123\"\n", "bakend.toml");
    ASSERT_FALSE(parsed);
    EXPECT_NE(parsed.error().text.find("bakend.toml:2:19: web.passphrase_hash"), std::string::npos)
        << parsed.error().text;
    EXPECT_NE(parsed.error().text.find("--hash-passphrase"), std::string::npos);
    EXPECT_EQ(parsed.error().text.find("geheim123"), std::string::npos)
        << "the error must not repeat what may be a passphrase";
}

TEST(ParseWebConfig, SessionHoursAndHostNamesAreChecked) {
    auto hours = parse_config("[web]\nsession_hours = 0\n", "bakend.toml");
    ASSERT_FALSE(hours);
    EXPECT_NE(hours.error().text.find("web.session_hours must be 1..168"), std::string::npos)
        << hours.error().text;
    auto name = parse_config("[web]\nhost_names = [\"steunpunt.local:7718\"]\n", "bakend.toml");
    ASSERT_FALSE(name);
    EXPECT_NE(name.error().text.find("is not a host name"), std::string::npos) << name.error().text;
    auto board = parse_config("[web]\npublic_notice_board = \"yes\"\n", "bakend.toml");
    ASSERT_FALSE(board);
    EXPECT_NE(board.error().text.find("true or false"), std::string::npos);
}

}  // namespace
}  // namespace baken

namespace baken {
namespace {

// ---- [[radio]] ---------------------------------------------------------------------------

constexpr std::string_view kDireWolf = R"([[radio]]
name = "vhf-dares"
tnc = "127.0.0.1:8001"
callsign = "pa3xyz-7"
)";

constexpr std::string_view kLoRa = R"([[radio]]
name = "lora-869"
device = "/dev/ttyACM0"
framing = "raw"
)";

// The commented-out [[radio]] examples at the end of bakend.example.toml, uncommented.
std::string example_radios() {
    std::ifstream file(BAKEN_CONFIG_EXAMPLE);
    std::string line;
    std::string radios;
    bool in_radios = false;
    while (std::getline(file, line)) {
        if (line == "#[[radio]]") in_radios = true;
        if (in_radios && line.size() > 1 && line[0] == '#' && line[1] != ' ')
            radios += line.substr(1) + "\n";
    }
    return radios;
}

TEST(ParseRadioConfig, TheExamplesInTheExampleFileAreValid) {
    const Config config = config_of(example_radios());
    ASSERT_EQ(config.radios.size(), 2u);
    EXPECT_EQ(config.radios[0].name, "vhf-dares");
    EXPECT_EQ(config.radios[0].tnc_port, 8001);
    EXPECT_TRUE(config.radios[0].lawful);
    EXPECT_EQ(config.radios[1].name, "lora-869");
    EXPECT_EQ(config.radios[1].framing, RadioFraming::raw);
    EXPECT_DOUBLE_EQ(config.radios[1].duty_cycle_percent, 10.0);
}

TEST(ParseRadioConfig, NoRadiosByDefault) {
    EXPECT_TRUE(config_of("").radios.empty());
}

TEST(ParseRadioConfig, AnAx25TncOverTcpTakesTheDocumentedDefaults) {
    const Config config = config_of(kDireWolf);
    ASSERT_EQ(config.radios.size(), 1u);
    const RadioInterfaceConfig& radio = config.radios[0];
    EXPECT_EQ(radio.name, "vhf-dares");
    EXPECT_TRUE(radio.device.empty());
    EXPECT_EQ(radio.tnc_address, "127.0.0.1");
    EXPECT_EQ(radio.tnc_port, 8001);
    EXPECT_EQ(radio.baud, 9600u);
    EXPECT_EQ(radio.bit_rate, 1200u);
    EXPECT_EQ(radio.framing, RadioFraming::ax25);
    EXPECT_EQ(radio.callsign, "PA3XYZ-7");  // as AX.25 writes it
    EXPECT_EQ(radio.destination, "BAKEN");
    EXPECT_TRUE(radio.lawful);
    EXPECT_DOUBLE_EQ(radio.duty_cycle_percent, 10.0);
    EXPECT_EQ(radio.duty_cycle_window_s, 3600);
    EXPECT_EQ(radio.frame_bytes, 200u);
    EXPECT_TRUE(radio.kinds.empty());
    EXPECT_TRUE(radio.precedences.empty());
    EXPECT_TRUE(radio.compress);
    EXPECT_EQ(radio.tx_delay_ms, 300u);
    EXPECT_EQ(radio.persistence, 63u);
    EXPECT_EQ(radio.slot_time_ms, 100u);
}

TEST(ParseRadioConfig, ARawModemIsNotLawfulByDefault) {
    const Config config = config_of(kLoRa);
    ASSERT_EQ(config.radios.size(), 1u);
    EXPECT_EQ(config.radios[0].device, std::filesystem::path("/dev/ttyACM0"));
    EXPECT_TRUE(config.radios[0].tnc_address.empty());
    EXPECT_EQ(config.radios[0].framing, RadioFraming::raw);
    EXPECT_FALSE(config.radios[0].lawful);
    EXPECT_TRUE(config.radios[0].callsign.empty());
}

TEST(ParseRadioConfig, ReadsEveryKey) {
    const Config config = config_of(R"([[radio]]
name = "uhf-2"
device = "/dev/ttyUSB0"
baud = 19200
bit_rate = 9600
framing = "ax25"
callsign = "PD0ABC"
destination = "BAKEN-1"
lawful = false
duty_cycle_percent = 2.5
duty_cycle_window_s = 600
frame_bytes = 256
kinds = ["sitrep", "status", "need-update"]
precedences = ["flash", "immediate"]
compress = false
tx_delay_ms = 500
persistence = 255
slot_time_ms = 0
)");
    ASSERT_EQ(config.radios.size(), 1u);
    const RadioInterfaceConfig& radio = config.radios[0];
    EXPECT_EQ(radio.device, std::filesystem::path("/dev/ttyUSB0"));
    EXPECT_EQ(radio.baud, 19200u);
    EXPECT_EQ(radio.bit_rate, 9600u);
    EXPECT_EQ(radio.callsign, "PD0ABC");
    EXPECT_EQ(radio.destination, "BAKEN-1");
    EXPECT_FALSE(radio.lawful);
    EXPECT_DOUBLE_EQ(radio.duty_cycle_percent, 2.5);
    EXPECT_EQ(radio.duty_cycle_window_s, 600);
    EXPECT_EQ(radio.frame_bytes, 256u);
    EXPECT_EQ(radio.kinds,
              (std::vector<std::string>{"sitrep", "support_point_status", "need_update"}));
    EXPECT_EQ(radio.precedences, (std::vector<std::string>{"flash", "immediate"}));
    EXPECT_FALSE(radio.compress);
    EXPECT_EQ(radio.tx_delay_ms, 500u);
    EXPECT_EQ(radio.persistence, 255u);
    EXPECT_EQ(radio.slot_time_ms, 0u);
}

TEST(ParseRadioConfig, SeveralInterfacesKeepTheirOrder) {
    const Config config = config_of(std::string(kDireWolf) + "\n" + std::string(kLoRa));
    ASSERT_EQ(config.radios.size(), 2u);
    EXPECT_EQ(config.radios[0].name, "vhf-dares");
    EXPECT_EQ(config.radios[1].name, "lora-869");
}

TEST(ParseRadioConfig, AWholeNumberOfPercentAndIpv6TncAreAccepted) {
    const Config config = config_of(
        "[[radio]]\nname = \"a\"\ntnc = \"[::1]:8001\"\nframing = \"raw\"\n"
        "duty_cycle_percent = 1\n");
    ASSERT_EQ(config.radios.size(), 1u);
    EXPECT_EQ(config.radios[0].tnc_address, "::1");
    EXPECT_DOUBLE_EQ(config.radios[0].duty_cycle_percent, 1.0);
}

TEST(ParseRadioConfig, RangeLimitsAreInclusive) {
    const std::string base =
        "[[radio]]\nname = \"a\"\ndevice = \"/dev/ttyS0\"\nframing = \"raw\"\n";
    // Each lower limit, with the other keys leaving room for a few frames in the budget.
    const Config low = config_of(base +
                                 "baud = 1200\nbit_rate = 50\nduty_cycle_percent = 100\n"
                                 "frame_bytes = 64\n"
                                 "tx_delay_ms = 0\npersistence = 0\nslot_time_ms = 0\n");
    ASSERT_EQ(low.radios.size(), 1u);
    EXPECT_EQ(low.radios[0].bit_rate, 50u);
    const Config small_budget =
        config_of(base +
                  "bit_rate = 1000000\nduty_cycle_percent = 0.1\nduty_cycle_window_s = 60\n"
                  "tx_delay_ms = 0\n");
    ASSERT_EQ(small_budget.radios.size(), 1u);
    EXPECT_EQ(small_budget.radios[0].duty_cycle_window_s, 60);
    const Config high = config_of(base +
                                  "baud = 921600\nbit_rate = 1000000\nduty_cycle_percent = 100\n"
                                  "duty_cycle_window_s = 3600\nframe_bytes = 1024\n"
                                  "tx_delay_ms = 2550\npersistence = 255\nslot_time_ms = 2550\n");
    ASSERT_EQ(high.radios.size(), 1u);
    EXPECT_EQ(high.radios[0].baud, 921600u);
    EXPECT_EQ(high.radios[0].frame_bytes, 1024u);
    EXPECT_EQ(high.radios[0].tx_delay_ms, 2550u);
}

// Each bad value, in the third line of an otherwise valid TNC interface.
std::string tnc_error(std::string_view line) {
    return error_of("[[radio]]\nname = \"vhf\"\n" + std::string(line) +
                    "\ntnc = \"127.0.0.1:8001\"\ncallsign = \"PA3XYZ\"\n");
}
std::string device_error(std::string_view line) {
    return error_of("[[radio]]\nname = \"vhf\"\n" + std::string(line) +
                    "\ndevice = \"/dev/ttyUSB0\"\ncallsign = \"PA3XYZ\"\n");
}

TEST(ParseRadioConfigError, EachBadValueNamesTheKeyAndTheLine) {
    EXPECT_EQ(device_error("baud = 9601"),
              "bakend.toml:3:8: radio[1].baud must be a standard serial speed: 1200, 2400, "
              "4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800 or 921600; got 9601");
    EXPECT_EQ(tnc_error("bit_rate = 10"),
              "bakend.toml:3:12: radio[1].bit_rate must be 50..1000000 (bits per second on the "
              "air), got 10");
    EXPECT_EQ(tnc_error("framing = \"kiss\""),
              "bakend.toml:3:11: radio[1].framing must be \"ax25\" (amateur packet TNCs) or "
              "\"raw\" (LoRa modems), got \"kiss\"");
    EXPECT_EQ(tnc_error("duty_cycle_percent = 0.01"),
              "bakend.toml:3:22: radio[1].duty_cycle_percent must be 0.1..100 (percent of the "
              "window), got 0.01");
    EXPECT_TRUE(contains(tnc_error("duty_cycle_percent = nan"),
                         "bakend.toml:3:22: radio[1].duty_cycle_percent must be 0.1..100"));
    EXPECT_TRUE(contains(tnc_error("duty_cycle_percent = \"10%\""),
                         "bakend.toml:3:22: radio[1].duty_cycle_percent must be a number"));
    EXPECT_EQ(tnc_error("duty_cycle_window_s = 7200"),
              "bakend.toml:3:23: radio[1].duty_cycle_window_s must be 60..3600 (seconds), got "
              "7200");
    EXPECT_EQ(tnc_error("frame_bytes = 2048"),
              "bakend.toml:3:15: radio[1].frame_bytes must be 64..1024 (payload bytes per "
              "frame), got 2048");
    EXPECT_EQ(tnc_error("tx_delay_ms = 305"),
              "bakend.toml:3:15: radio[1].tx_delay_ms must be a multiple of 10 (KISS counts in "
              "units of 10 ms), got 305");
    EXPECT_TRUE(contains(tnc_error("slot_time_ms = 2560"),
                         "bakend.toml:3:16: radio[1].slot_time_ms must be 0..2550"));
    EXPECT_TRUE(contains(tnc_error("persistence = 256"),
                         "bakend.toml:3:15: radio[1].persistence must be 0..255"));
    EXPECT_EQ(tnc_error("compress = \"yes\""),
              "bakend.toml:3:12: radio[1].compress must be true or false, got string \"yes\"");
    EXPECT_EQ(tnc_error("lawful = 1"),
              "bakend.toml:3:10: radio[1].lawful must be true or false, got integer 1");
}

TEST(ParseRadioConfigError, ABadNameIsRefused) {
    EXPECT_EQ(error_of("[[radio]]\nname = \"VHF DARES\"\n"),
              "bakend.toml:2:8: radio[1].name must be 1..32 characters a-z, 0-9 and '-', e.g. "
              "\"vhf-dares\"; got \"VHF DARES\"");
    EXPECT_TRUE(contains(error_of("[[radio]]\nname = \"" + std::string(33, 'a') + "\"\n"),
                         "bakend.toml:2:8: radio[1].name must be 1..32 characters"));
    EXPECT_TRUE(contains(error_of("[[radio]]\nname = \"\"\n"),
                         "bakend.toml:2:8: radio[1].name must be 1..32 characters"));
}

TEST(ParseRadioConfigError, AMissingNameIsReportedAtTheTable) {
    EXPECT_EQ(error_of("[log]\n[[radio]]\ntnc = \"127.0.0.1:8001\"\ncallsign = \"PA3XYZ\"\n"),
              "bakend.toml:2:1: radio[1] needs a name, e.g. name = \"vhf-dares\"");
}

TEST(ParseRadioConfigError, ARelativeOrEmptyDeviceIsRefused) {
    EXPECT_EQ(tnc_error("device = \"ttyUSB0\""),
              "bakend.toml:3:10: radio[1].device must be the serial port's absolute path, such "
              "as \"/dev/ttyUSB0\"; got \"ttyUSB0\"");
}

TEST(ParseRadioConfigError, ATncMustBeANumericAddressAndAPort) {
    EXPECT_TRUE(contains(device_error("tnc = \"localhost:8001\""),
                         "bakend.toml:3:7: radio[1].tnc: \"localhost\" is not an IPv4 address"));
    EXPECT_TRUE(
        contains(device_error("tnc = \"127.0.0.1\""), "bakend.toml:3:7: radio[1].tnc: missing"));
    EXPECT_EQ(error_of("[[radio]]\nname = \"a\"\ntnc = \"127.0.0.1:0\"\n"),
              "bakend.toml:3:7: radio[1].tnc: the TNC's port cannot be 0");
}

TEST(ParseRadioConfigError, NeitherDeviceNorTncIsRefused) {
    EXPECT_EQ(error_of("[[radio]]\nname = \"vhf\"\ncallsign = \"PA3XYZ\"\n"),
              "bakend.toml:1:1: radio[1] (vhf) needs device = \"/dev/ttyUSB0\" (a modem on a "
              "serial port) or tnc = \"127.0.0.1:8001\" (a TNC's KISS TCP port)");
}

TEST(ParseRadioConfigError, BothDeviceAndTncAreRefused) {
    EXPECT_EQ(tnc_error("device = \"/dev/ttyUSB0\""),
              "bakend.toml:4:7: radio[1].tnc: give device or tnc, not both");
}

TEST(ParseRadioConfigError, ABaudRateForATncOverTcpIsRefused) {
    EXPECT_EQ(tnc_error("baud = 9600"),
              "bakend.toml:3:8: radio[1].baud is the serial speed to a modem on device; a TNC "
              "over TCP has none");
}

TEST(ParseRadioConfigError, Ax25NeedsACallsign) {
    EXPECT_EQ(error_of("[[radio]]\nname = \"vhf\"\ntnc = \"127.0.0.1:8001\"\n"),
              "bakend.toml:1:1: radio[1] (vhf) uses framing = \"ax25\" and needs callsign = "
              "\"PA3XYZ-7\": the operator's callsign travels in every frame");
}

TEST(ParseRadioConfigError, ABadCallsignSaysWhy) {
    EXPECT_TRUE(contains(
        error_of("[[radio]]\nname = \"vhf\"\ntnc = \"127.0.0.1:8001\"\ncallsign = \"PA3XYZ-16\"\n"),
        "bakend.toml:4:12: radio[1].callsign: callsign \"PA3XYZ-16\": the SSID"));
    EXPECT_TRUE(contains(
        error_of("[[radio]]\nname = \"vhf\"\ntnc = \"127.0.0.1:8001\"\ncallsign = \"PA3XYZABC\"\n"),
        "bakend.toml:4:12: radio[1].callsign: callsign \"PA3XYZABC\" is too long"));
}

TEST(ParseRadioConfigError, AReservedDestinationIsRefused) {
    for (const char* reserved : {"SPEECH", "morse", "DTMF-3"}) {
        EXPECT_EQ(tnc_error("destination = \"" + std::string(reserved) + "\""),
                  "bakend.toml:3:15: radio[1].destination cannot be \"" + std::string(reserved) +
                      "\": TNCs such as Dire Wolf turn frames to SPEECH, MORSE or DTMF into "
                      "speech, Morse code or tones");
    }
}

TEST(ParseRadioConfigError, ABudgetTooSmallForFramesIsRefused) {
    // 1 % of a minute is 600 ms; a 200-byte frame at 1200 bit/s takes about 1.8 s.
    const std::string e =
        error_of(std::string(kDireWolf) + "duty_cycle_percent = 1\nduty_cycle_window_s = 60\n");
    EXPECT_TRUE(contains(e, "bakend.toml:5:22: radio[1]: a frame of 200 bytes takes")) << e;
    EXPECT_TRUE(contains(e, "raise duty_cycle_percent or duty_cycle_window_s")) << e;
    // The same frames over an hour fit easily.
    EXPECT_EQ(config_of(std::string(kDireWolf) + "duty_cycle_percent = 1\n").radios.size(), 1u);
}

TEST(ParseRadioConfigError, ATncThatWouldWaitMinutesForEverySlotIsRefused) {
    const std::string e =
        error_of(std::string(kDireWolf) + "persistence = 0\nslot_time_ms = 2550\n");
    EXPECT_TRUE(contains(e, "bakend.toml:5:15: radio[1]: with persistence = 0")) << e;
    EXPECT_TRUE(contains(e, "the usual values are 63 and 100")) << e;
}

TEST(ParseRadioConfigError, LawfulModeWithRawFramingIsRefused) {
    EXPECT_EQ(error_of(std::string(kLoRa) + "lawful = true\n"),
              "bakend.toml:5:10: radio[1].lawful: lawful mode needs framing = \"ax25\": the "
              "callsign travels in every AX.25 header");
    EXPECT_FALSE(config_of(std::string(kLoRa) + "lawful = false\n").radios[0].lawful);
}

TEST(ParseRadioConfigError, CallsignsWithRawFramingAreRefused) {
    EXPECT_EQ(error_of(std::string(kLoRa) + "callsign = \"PA3XYZ\"\n"),
              "bakend.toml:5:12: radio[1].callsign only applies with framing = \"ax25\": raw "
              "frames carry no callsigns");
    EXPECT_TRUE(contains(error_of(std::string(kLoRa) + "destination = \"BAKEN\"\n"),
                         "bakend.toml:5:15: radio[1].destination only applies with framing"));
}

TEST(ParseRadioConfigError, UnknownKindsAndPrecedencesListTheKnownOnes) {
    EXPECT_TRUE(contains(tnc_error("kinds = [\"sitrep\", \"chat\"]"),
                         "bakend.toml:3:20: radio[1].kinds: \"chat\" is not one of sitrep, "
                         "support_point_status (or status)"));
    EXPECT_EQ(tnc_error("precedences = [\"urgent\"]"),
              "bakend.toml:3:16: radio[1].precedences: \"urgent\" is not one of flash, "
              "immediate, priority, routine");
    EXPECT_EQ(tnc_error("precedences = [\"flash\", \"flash\"]"),
              "bakend.toml:3:25: radio[1].precedences lists \"flash\" twice");
    EXPECT_TRUE(contains(tnc_error("kinds = \"sitrep\""),
                         "bakend.toml:3:9: radio[1].kinds must be a list of names"));
}

TEST(ParseRadioConfigError, AnUnknownKeyListsTheKnownOnes) {
    EXPECT_TRUE(contains(tnc_error("baudrate = 9600"),
                         "bakend.toml:3:1: unknown key radio[1].baudrate; known keys in "
                         "[[radio]]: name, device, tnc, baud, bit_rate, framing, callsign,"));
}

TEST(ParseRadioConfigError, AnUnknownKeyIsReportedRatherThanTheKeyItLeftMissing) {
    // "callsgn" leaves the callsign missing; the misspelling is what to fix.
    EXPECT_TRUE(contains(
        error_of("[[radio]]\nname = \"vhf\"\ntnc = \"127.0.0.1:8001\"\ncallsgn = \"PA3XYZ\"\n"),
        "bakend.toml:4:1: unknown key radio[1].callsgn"));
}

TEST(ParseRadioConfigError, DuplicateNamesAreRefusedAtTheSecond) {
    const std::string text = std::string(kDireWolf) + "\n" + std::string(kDireWolf);
    EXPECT_EQ(error_of(text),
              "bakend.toml:7:8: radio[2].name: \"vhf-dares\" is already the name of radio[1]; "
              "each interface needs its own");
}

TEST(ParseRadioConfigError, AtMostEightInterfaces) {
    std::string text;
    for (int i = 0; i < 9; ++i) {
        text += "[[radio]]\nname = \"r" + std::to_string(i) + "\"\ndevice = \"/dev/ttyUSB" +
                std::to_string(i) + "\"\nframing = \"raw\"\n";
    }
    EXPECT_EQ(error_of(text), "bakend.toml:33:1: radio[9]: at most 8 [[radio]] interfaces");
    const std::string eight = text.substr(0, text.rfind("[[radio]]"));
    EXPECT_EQ(config_of(eight).radios.size(), 8u);
}

TEST(ParseRadioConfig, AnEmptyListAndInlineTablesAreAccepted) {
    EXPECT_TRUE(config_of("radio = []\n").radios.empty());
    const Config config =
        config_of("radio = [{ name = \"a\", device = \"/dev/ttyS0\", framing = \"raw\" }]\n");
    ASSERT_EQ(config.radios.size(), 1u);
    EXPECT_EQ(config.radios[0].name, "a");
}

TEST(ParseRadioConfigError, AListElementThatIsNotATableIsRefused) {
    EXPECT_EQ(error_of("radio = [\"vhf\"]\n"),
              "bakend.toml:1:10: radio[1] must be a [[radio]] table, got string \"vhf\"");
}

TEST(ParseRadioConfigError, ASingleBracketRadioTableSaysToUseTwo) {
    EXPECT_EQ(error_of("[radio]\nname = \"vhf\"\n"),
              "bakend.toml:1:1: radio must be a list of interfaces, each a [[radio]] table "
              "(with two brackets), got a table");
}

}  // namespace
}  // namespace baken
