// Writes the envelope fuzz seed corpus (tests/fuzz/corpus/envelope/), or checks that the
// checked-in corpus is what this program writes.
//
//   make_envelope_corpus DIR           write every seed into DIR (created if missing)
//   make_envelope_corpus --check DIR   exit 1 unless every seed is in DIR with the same bytes
//
// The output is deterministic: the authors' keys come from fixed seeds, Ed25519 signatures
// are deterministic, and every time is relative to testing::kSampleNowMs, the time at which
// the `*_valid.bin` seeds are valid. Regenerate after changing the message format:
//
//   ninja -C build/debug make_envelope_corpus
//   build/debug/tests/fuzz/replay/make_envelope_corpus tests/fuzz/corpus/envelope
//
// File names say what the replay test (replay/fuzz_corpus_replay_test.cc) expects:
// `<subject>_valid.bin` is accepted; any other name carries a token naming the refusal
// (flipped_signature -> bad_signature, truncated -> malformed, ...; the table is in the test).
#include <sodium.h>
#include <sys/stat.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <string>
#include <string_view>

#include "crypto/identity.h"
#include "crypto/keys.h"
#include "message/envelope_codec.h"
#include "message/limits.h"
#include "support/sample_messages.h"
#include "support/temp_dir.h"

namespace baken {
namespace {

namespace fs = std::filesystem;
using testing::kSampleNowMs;

constexpr std::int64_t kHourMs = 3600 * 1000;
constexpr std::int64_t kDayMs = 24 * kHourMs;

// A fixed identity: the secret key derived from a seed, loaded the way the daemon loads it.
Identity fixed_identity(std::uint8_t seed_byte) {
    ensure_sodium();
    std::uint8_t seed[crypto_sign_SEEDBYTES];
    for (std::size_t i = 0; i < sizeof seed; ++i)
        seed[i] = static_cast<std::uint8_t>(seed_byte + i);
    std::uint8_t pk[crypto_sign_PUBLICKEYBYTES];
    std::uint8_t sk[crypto_sign_SECRETKEYBYTES];
    crypto_sign_seed_keypair(pk, sk, seed);
    testing::TempDir dir;
    fs::path file = dir.path() / kNodeKeyFile;
    {
        std::ofstream out(file, std::ios::binary);
        out.write(reinterpret_cast<const char*>(sk), sizeof sk);
    }
    sodium_memzero(sk, sizeof sk);
    ::chmod(file.c_str(), 0600);
    auto id = Identity::load(dir.path());
    if (!id) {
        std::cerr << "make_envelope_corpus: " << id.error() << "\n";
        std::exit(2);
    }
    return std::move(id).value();
}

std::string key_bytes(const PublicKey& key) {
    return std::string(key.begin(), key.end());
}

// Protobuf wire pieces for hand-made (malformed or unknown) fields.
std::string varint(std::uint64_t v) {
    std::string out;
    while (v >= 0x80) {
        out.push_back(static_cast<char>((v & 0x7f) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
    return out;
}
std::string tag(std::uint32_t field, std::uint32_t wire_type) {
    return varint((field << 3) | wire_type);
}
std::string length_delimited(std::uint32_t field, const std::string& payload) {
    return tag(field, 2) + varint(payload.size()) + payload;
}
// `depth` groups of unknown field `field`, each inside the one before.
std::string nested_groups(std::uint32_t field, int depth) {
    std::string out;
    for (int i = 0; i < depth; ++i) out += tag(field, 3);
    out += tag(field, 0) + varint(1);  // something in the innermost group
    for (int i = 0; i < depth; ++i) out += tag(field, 4);
    return out;
}

std::string envelope(const std::string& signed_bytes, const std::string& signature,
                     const std::string& author) {
    v1::Envelope e;
    e.set_signed_(signed_bytes);
    e.set_signature(signature);
    e.set_author(author);
    return e.SerializeAsString();
}

std::string sign_bytes(const Identity& signer, const std::string& signed_bytes) {
    std::string to_sign(kMessageSignaturePrefix);
    to_sign += signed_bytes;
    Signature sig = signer.sign(as_bytes(to_sign));
    return std::string(sig.begin(), sig.end());
}

// Signs exactly these message bytes with `signer`; the envelope names `signer` as author.
std::string signed_envelope(const Identity& signer, const std::string& signed_bytes) {
    return envelope(signed_bytes, sign_bytes(signer, signed_bytes), key_bytes(signer.public_key()));
}

// The message as given (its author field is not touched), signed by `signer`.
std::string signed_as_is(const Identity& signer, const v1::Message& m) {
    return signed_envelope(signer, m.SerializeAsString());
}

// The normal way: author set to the signer's key.
std::string signed_message(const Identity& signer, v1::Message m) {
    return sign_message(signer, std::move(m)).envelope_bytes;
}

v1::Message authored(const Identity& author, v1::Message m) {
    const PublicKey& key = author.public_key();
    m.set_author(key.data(), key.size());
    return m;
}

v1::Sealed sample_sealed() {
    v1::Sealed s;
    for (std::uint8_t r = 0; r < 2; ++r) {
        auto* recipient = s.add_recipients();
        recipient->set_key(std::string(32, static_cast<char>(0x30 + r)));
        recipient->set_sealed_key(
            std::string(48, static_cast<char>(0x40 + r)));  // crypto_box_seal of 32 bytes
    }
    s.set_nonce(std::string(24, '\x24'));
    s.set_ciphertext(std::string(96, '\x5c'));
    return s;
}

// A sitrep whose envelope is exactly limits::kMaxEnvelopeBytes long (four entries with the
// longest text allowed, a fifth sized to fill up).
std::string max_size_sitrep(const Identity& author) {
    const std::string line = "Stroomstoring in de wijk, aggregaat draait, water schaars. ";
    auto build = [&](std::size_t last_text) {
        v1::Body body = testing::sample_sitrep_body();
        auto* sitrep = body.mutable_sitrep();
        sitrep->clear_entries();
        for (int i = 0; i < 5; ++i) {
            auto* e = sitrep->add_entries();
            e->set_pillar(static_cast<v1::Pillar>(1 + i));
            e->set_topic("topic-" + std::to_string(i));
            e->set_severity(v1::DEGRADED);
            std::string text;
            std::size_t want = i < 4 ? limits::kMaxLongText : last_text;
            while (text.size() < want) text += line;
            text.resize(want);
            e->set_text(text);
        }
        return signed_message(author, testing::sample_message(std::move(body), v1::PRIORITY));
    };
    std::size_t last = 1;
    for (int attempt = 0; attempt < 8; ++attempt) {
        std::string bytes = build(last);
        if (bytes.size() == limits::kMaxEnvelopeBytes) return bytes;
        last = static_cast<std::size_t>(static_cast<std::int64_t>(last) +
                                        static_cast<std::int64_t>(limits::kMaxEnvelopeBytes) -
                                        static_cast<std::int64_t>(bytes.size()));
    }
    std::cerr << "make_envelope_corpus: cannot size the max-size sitrep\n";
    std::exit(2);
}

std::map<std::string, std::string> make_corpus() {
    const Identity author = fixed_identity(0x10);
    const Identity other = fixed_identity(0x80);
    std::map<std::string, std::string> corpus;
    auto add = [&](const std::string& name, std::string bytes) {
        corpus[name + ".bin"] = std::move(bytes);
    };

    // ---- Valid at kSampleNowMs: one of every kind, plus variants that reach more branches.
    const std::pair<const char*, v1::Body> kinds[] = {
        {"sitrep", testing::sample_sitrep_body()},
        {"support_point_status", testing::sample_status_body()},
        {"need", testing::sample_need_body()},
        {"need_update", testing::sample_need_update_body()},
        {"announcement", testing::sample_announcement_body()},
        {"node_info", testing::sample_node_info_body()},
        {"credential", testing::sample_credential_body()},
        {"revocation", testing::sample_revocation_body()},
    };
    std::map<std::string, std::string> valid;
    for (const auto& [kind, body] : kinds) {
        valid[kind] = signed_message(author, testing::sample_message(body));
        add(std::string(kind) + "_valid", valid[kind]);
    }
    {
        v1::Body body = testing::sample_sitrep_body();
        *body.mutable_sitrep()->mutable_restricted() = sample_sealed();
        v1::Message m = testing::sample_message(std::move(body), v1::FLASH);
        m.set_supersedes(std::string(32, '\x5e'));
        add("sitrep_flash_sealed_supersedes_valid", signed_message(author, std::move(m)));
    }
    {
        v1::Body body = testing::sample_need_body();
        *body.mutable_need()->mutable_restricted() = sample_sealed();
        add("need_sealed_valid",
            signed_message(author, testing::sample_message(std::move(body), v1::IMMEDIATE)));
    }
    {
        v1::Body body = testing::sample_node_info_body();
        body.mutable_node_info()->set_description("Noodsteunpunt met aggregaat en radio");
        body.mutable_node_info()->set_encryption_key(std::string(32, '\x33'));
        add("node_info_encryption_key_valid",
            signed_message(author, testing::sample_message(std::move(body))));
    }
    {
        // Fields this version does not know, nested groups included, are carried along signed.
        std::string signed_bytes =
            authored(author, testing::sample_message(testing::sample_sitrep_body()))
                .SerializeAsString();
        signed_bytes += tag(100, 0) + varint(42) + length_delimited(101, "future field") +
                        nested_groups(102, 8);
        add("sitrep_unknown_fields_valid", signed_envelope(author, signed_bytes));
    }
    add("sitrep_max_size_valid", max_size_sitrep(author));

    // ---- Refused while decoding: malformed or oversized.
    add("empty", "");
    add("not_protobuf", "Dit is geen Baken-bericht, maar gewone tekst.\n");
    for (const char* kind : {"sitrep", "announcement", "credential"}) {
        const std::string& bytes = valid[kind];
        add(std::string(kind) + "_truncated", bytes.substr(0, bytes.size() - 1));
    }
    add("sitrep_truncated_in_signed", valid["sitrep"].substr(0, valid["sitrep"].size() / 2));
    {
        std::string bytes = valid["sitrep"];
        std::size_t pad = limits::kMaxEnvelopeBytes + 1 - bytes.size() - 3;  // tag + 2-byte length
        bytes += length_delimited(15, std::string(pad, '\0'));
        add("sitrep_oversized", bytes);
    }
    add("envelope_deep_nesting_groups", nested_groups(4, 2000));
    {
        std::string signed_bytes =
            authored(author, testing::sample_message(testing::sample_sitrep_body()))
                .SerializeAsString();
        signed_bytes += nested_groups(102, 2 * limits::kMaxNestingDepth);
        add("sitrep_deep_nesting_in_signed", signed_envelope(author, signed_bytes));
    }
    {
        v1::Envelope e;
        e.ParseFromString(valid["sitrep"]);
        e.clear_signed_();
        add("sitrep_no_signed", e.SerializeAsString());
    }
    add("signed_not_a_message",
        signed_envelope(author, std::string("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 11)));
    {
        // proto3 strings must be UTF-8.
        v1::Body body = testing::sample_sitrep_body(std::string("Stroomstoring \xc3\x28 wijk"));
        add("sitrep_text_not_utf8",
            signed_as_is(author, authored(author, testing::sample_message(std::move(body)))));
    }

    // ---- Refused for the author key or the signature.
    for (const auto& [kind, body] : kinds) {
        v1::Envelope e;
        e.ParseFromString(valid[kind]);
        std::string sig = e.signature();
        sig[10] = static_cast<char>(sig[10] ^ 0x01);
        e.set_signature(sig);
        add(std::string(kind) + "_flipped_signature", e.SerializeAsString());
    }
    {
        v1::Envelope e;
        e.ParseFromString(valid["sitrep"]);
        e.set_signature(e.signature().substr(0, 63));
        add("sitrep_signature_63_bytes", e.SerializeAsString());
    }
    {
        v1::Envelope e;
        e.ParseFromString(valid["sitrep"]);
        e.set_author(e.author().substr(0, 31));
        add("sitrep_envelope_author_31_bytes", e.SerializeAsString());
    }
    {
        // Signed by `other`, but envelope and message name `author`.
        v1::Message m = authored(author, testing::sample_message(testing::sample_sitrep_body()));
        std::string signed_bytes = m.SerializeAsString();
        add("sitrep_signed_by_other_key", envelope(signed_bytes, sign_bytes(other, signed_bytes),
                                                   key_bytes(author.public_key())));
    }
    {
        v1::Message m = testing::sample_message(testing::sample_sitrep_body());
        m.set_author(key_bytes(author.public_key()) + "\x01");
        add("sitrep_message_author_33_bytes", signed_as_is(author, m));
    }
    add("sitrep_author_mismatch",
        signed_as_is(author,
                     authored(other, testing::sample_message(testing::sample_sitrep_body()))));

    // ---- Validly signed, refused for the content.
    auto sign = [&](v1::Message m) { return signed_message(author, std::move(m)); };
    add("sitrep_expired", sign(testing::sample_message(testing::sample_sitrep_body(), v1::ROUTINE,
                                                       kSampleNowMs - 2 * kDayMs)));
    add("sitrep_from_the_future",
        sign(testing::sample_message(testing::sample_sitrep_body(), v1::ROUTINE,
                                     kSampleNowMs + kHourMs)));
    {
        v1::Message m = testing::sample_message(testing::sample_sitrep_body());
        m.set_format_version(2);
        add("sitrep_unsupported_version", sign(std::move(m)));
    }
    add("no_body_unknown_kind", sign(testing::sample_message(v1::Body{})));
    {
        v1::Message m = testing::sample_message(testing::sample_sitrep_body());
        m.set_precedence(v1::PRECEDENCE_UNSPECIFIED);
        add("sitrep_missing_precedence", sign(std::move(m)));
    }
    {
        v1::Message m = testing::sample_message(testing::sample_sitrep_body());
        m.set_expires_ms(m.created_ms() + limits::kMaxLifetimeMs + 1);
        add("sitrep_invalid_lifetime_over_90_days", sign(std::move(m)));
    }
    {
        v1::Body body = testing::sample_sitrep_body();
        body.mutable_sitrep()->clear_municipality();
        add("sitrep_missing_municipality", sign(testing::sample_message(std::move(body))));
    }
    {
        v1::Body body = testing::sample_sitrep_body();
        body.mutable_sitrep()->set_municipality("Utrecht");
        add("sitrep_invalid_municipality", sign(testing::sample_message(std::move(body))));
    }
    {
        v1::Body body = testing::sample_sitrep_body();
        body.mutable_sitrep()->mutable_entries(0)->set_pillar(static_cast<v1::Pillar>(99));
        add("sitrep_invalid_pillar_99", sign(testing::sample_message(std::move(body))));
    }
    {
        v1::Body body = testing::sample_status_body();
        body.mutable_support_point_status()->set_latitude(91.0);
        add("support_point_status_invalid_latitude",
            sign(testing::sample_message(std::move(body))));
    }
    {
        v1::Body body = testing::sample_need_update_body();
        body.mutable_need_update()->set_need(std::string(31, '\x07'));
        add("need_update_invalid_need_id_31_bytes", sign(testing::sample_message(std::move(body))));
    }
    {
        v1::Body body = testing::sample_announcement_body();
        body.mutable_announcement()->mutable_headline()->clear_nl();
        add("announcement_missing_headline", sign(testing::sample_message(std::move(body))));
    }
    {
        v1::Body body = testing::sample_credential_body();
        body.mutable_credential()->set_valid_until_ms(kSampleNowMs - kHourMs);
        add("credential_invalid_validity_period", sign(testing::sample_message(std::move(body))));
    }
    {
        v1::Body body = testing::sample_revocation_body();
        body.mutable_revocation()->clear_subject();
        add("revocation_missing_subject", sign(testing::sample_message(std::move(body))));
    }
    return corpus;
}

std::string read_file(const fs::path& path, bool& found) {
    std::ifstream in(path, std::ios::binary);
    found = static_cast<bool>(in);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

int write_corpus(const fs::path& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) {
        std::cerr << "make_envelope_corpus: cannot create " << dir << ": " << ec.message() << "\n";
        return 2;
    }
    auto corpus = make_corpus();
    for (const auto& [name, bytes] : corpus) {
        std::ofstream out(dir / name, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        if (!out) {
            std::cerr << "make_envelope_corpus: cannot write " << (dir / name) << "\n";
            return 2;
        }
    }
    std::cout << "wrote " << corpus.size() << " seeds to " << dir.string() << "\n";
    return 0;
}

int check_corpus(const fs::path& dir) {
    int stale = 0;
    for (const auto& [name, bytes] : make_corpus()) {
        bool found = false;
        std::string on_disk = read_file(dir / name, found);
        if (!found || on_disk != bytes) {
            std::cerr << (found ? "differs: " : "missing: ") << (dir / name).string() << "\n";
            ++stale;
        }
    }
    if (stale > 0) {
        std::cerr << stale << " seed(s) out of date; regenerate with: make_envelope_corpus "
                  << dir.string() << "\n";
        return 1;
    }
    return 0;
}

}  // namespace
}  // namespace baken

int main(int argc, char** argv) {
    if (argc == 2 && std::string_view(argv[1]) != "--check") return baken::write_corpus(argv[1]);
    if (argc == 3 && std::string_view(argv[1]) == "--check") return baken::check_corpus(argv[2]);
    std::cerr << "usage: make_envelope_corpus DIR | make_envelope_corpus --check DIR\n";
    return 2;
}
