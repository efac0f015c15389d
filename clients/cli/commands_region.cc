// `baken region ...`: the safety region's root key, on the offline laptop that holds it.
//   region init     create the root key, encrypted with a passphrase
//   region issue    sign a credential for a node: a file to import on it (or to send)
//   region revoke   sign a revocation of a node's key from a moment on
// None needs a daemon. What they write is an ordinary signed message (a .baken file): import
// it on any node with `baken credential import FILE` and the mesh carries it to every other.
#include <filesystem>
#include <iostream>
#include <memory>

#include "commands.h"
#include "common/atomic_file.h"
#include "common/bytes.h"
#include "passphrase.h"
#include "qr_svg.h"
#include "time_text.h"
#include "trust/authorisation.h"
#include "trust/credential_issue.h"
#include "trust/root_key_file.h"

namespace baken::cli {
namespace {

namespace fs = std::filesystem;

struct RegionOptions {
    std::string root_file = "region-root.key";
    std::string out;
    std::string subject;
    std::string role;
    std::string scope;
    std::string name;
    std::string valid = "72h";
    std::string since = "now";
    std::string reason;
    std::string qr;  // also write the message as a QR code (SVG) to print
};

CliResult<PublicKey> parse_key(const std::string& hex) {
    auto bytes = from_hex(hex);
    if (!bytes || bytes->size() != kPublicKeySize) {
        return cli_fail(ExitCode::usage,
                        "--subject must be the node's public key: 64 hex characters (baken id)");
    }
    PublicKey key{};
    std::copy(bytes->begin(), bytes->end(), key.begin());
    return key;
}

CliResult<Identity> open_root(const RegionOptions& o) {
    auto passphrase = read_passphrase("Passphrase of " + o.root_file, PassphrasePurpose::enter);
    if (!passphrase) return fail(passphrase.error());
    auto root = trust::read_root_key_file(o.root_file, *passphrase);
    if (!root) return cli_fail(ExitCode::other, root.error());
    return std::move(root).value();
}

CliStatus write_qr(const std::string& path, const DecodedMessage& message,
                   const std::string& caption) {
    auto svg = qr_svg(message.envelope_bytes, caption);
    if (!svg) return cli_fail(ExitCode::other, svg.error());
    auto written = write_file_atomically(path, as_bytes(*svg), 0644, IfExists::replace);
    if (!written) return cli_fail(ExitCode::other, written.error().text);
    std::cout << "QR code to print: " << path << "\n";
    return Done{};
}

CliStatus write_message(const fs::path& path, const DecodedMessage& message,
                        const std::string& what, const std::string& qr_path) {
    auto written =
        write_file_atomically(path, as_bytes(message.envelope_bytes), 0644, IfExists::replace);
    if (!written) return cli_fail(ExitCode::other, written.error().text);
    if (!qr_path.empty()) {
        if (auto status = write_qr(qr_path, message, what); !status) return status;
    }
    std::cout << what << " written to " << path.string() << " (id " << to_hex(message.id)
              << ")\nImport it on a node with:  baken credential import " << path.string() << "\n";
    return Done{};
}

CliStatus run_region_init(const RegionOptions& o) {
    const fs::path path = o.out.empty() ? fs::path(o.root_file) : fs::path(o.out);
    auto passphrase = read_passphrase("Passphrase for the new region root (8 or more characters)",
                                      PassphrasePurpose::choose);
    if (!passphrase) return fail(passphrase.error());
    Identity root = Identity::generate();
    if (auto written = trust::write_root_key_file(path, root, *passphrase); !written) {
        return cli_fail(ExitCode::other, written.error());
    }
    std::string key = to_hex(root.public_key());
    std::cout << "Region root:  " << path.string() << " (encrypted with the passphrase)\n"
              << "Public key:   " << key << "\n"
              << "Fingerprint:  " << root.fingerprint() << "\n\n"
              << "Every node of the region trusts it with, in its bakend.toml:\n"
              << "  [trust]\n  roots = [\"" << key << "\"]\n\n"
              << "Keep the file and the passphrase apart, and the file off the network.\n";
    return Done{};
}

CliStatus run_issue(const RegionOptions& o) {
    auto subject = parse_key(o.subject);
    if (!subject) return fail(subject.error());
    auto role = trust::role_from_name(o.role);
    if (!role) {
        return cli_fail(ExitCode::usage,
                        "--role must be region-staff, municipal-staff, "
                        "support-point-operator or relay-only");
    }
    auto valid_s = parse_duration_seconds(o.valid);
    if (!valid_s) return cli_fail(ExitCode::usage, "--valid: " + valid_s.error());
    trust::CredentialRequest request;
    request.subject = *subject;
    request.role = *role;
    request.scope = o.scope;
    request.subject_name = o.name;
    request.validity_ms = *valid_s * 1000;
    auto root = open_root(o);
    if (!root) return fail(root.error());
    auto credential = trust::issue_credential(*root, request, now_ms());
    if (!credential) return cli_fail(ExitCode::usage, credential.error());
    fs::path out =
        o.out.empty() ? fs::path(fingerprint(*subject) + ".credential.baken") : fs::path(o.out);
    return write_message(out, *credential,
                         "Credential (" + o.role + ", " + o.scope + ", valid " + o.valid +
                             ") for " + fingerprint(*subject),
                         o.qr);
}

CliStatus run_revoke(const RegionOptions& o) {
    auto subject = parse_key(o.subject);
    if (!subject) return fail(subject.error());
    auto since = parse_time_ms(o.since, now_ms());
    if (!since) return cli_fail(ExitCode::usage, "--since: " + since.error());
    auto root = open_root(o);
    if (!root) return fail(root.error());
    auto revocation = trust::issue_revocation(*root, *subject, *since, o.reason, now_ms());
    if (!revocation) return cli_fail(ExitCode::usage, revocation.error());
    fs::path out =
        o.out.empty() ? fs::path(fingerprint(*subject) + ".revocation.baken") : fs::path(o.out);
    return write_message(out, *revocation, "Revocation of " + fingerprint(*subject), o.qr);
}

}  // namespace

void add_region_command(CLI::App& app, const GlobalOptions&, Commands& out) {
    auto o = std::make_shared<RegionOptions>();
    CLI::App* region = app.add_subcommand(
        "region", "The safety region's root key: create it, issue credentials, revoke keys");
    region->require_subcommand(1);

    CLI::App* init = region->add_subcommand("init", "Create the region root key (no daemon)");
    init->add_option("--out", o->out, "where to write it (default region-root.key)");
    out.push_back({init, [o] { return run_region_init(*o); }});

    CLI::App* issue = region->add_subcommand("issue", "Sign a credential for a node's key");
    issue->add_option("--root", o->root_file, "the region root file")->capture_default_str();
    issue->add_option("--subject", o->subject, "the node's public key (baken id)")->required();
    issue
        ->add_option("--role", o->role,
                     "region-staff, municipal-staff, support-point-operator or relay-only")
        ->required();
    issue->add_option("--scope", o->scope, "VR09, GM0344 or GM0344-SP07, fitting the role")
        ->required();
    issue->add_option("--valid", o->valid, "how long, e.g. 72h, 7d (at most 30d)")
        ->capture_default_str();
    issue->add_option("--name", o->name, "the node's name, for people");
    issue->add_option("--out", o->out,
                      "the file to write (default <fingerprint>.credential.baken)");
    issue->add_option("--qr", o->qr, "also write it as a QR code to print (an SVG file)");
    out.push_back({issue, [o] { return run_issue(*o); }});

    CLI::App* revoke = region->add_subcommand("revoke", "Sign a revocation of a node's key");
    revoke->add_option("--root", o->root_file, "the region root file")->capture_default_str();
    revoke->add_option("--subject", o->subject, "the revoked public key")->required();
    revoke
        ->add_option("--since", o->since,
                     "from when its messages are void, e.g. 2026-11-29T08:00, now, -2h")
        ->capture_default_str();
    revoke->add_option("--reason", o->reason, "why, for people (\"laptop stolen\")");
    revoke->add_option("--out", o->out,
                       "the file to write (default <fingerprint>.revocation.baken)");
    revoke->add_option("--qr", o->qr, "also write it as a QR code to print (an SVG file)");
    out.push_back({revoke, [o] { return run_revoke(*o); }});
}

}  // namespace baken::cli
