// See receipt.h.
#include "bundle/receipt.h"

#include <ctime>
#include <sstream>

#include "crypto/keys.h"
#include "message/kind.h"

namespace baken::bundle {
namespace {

std::string messages(std::uint64_t n) {
    return std::to_string(n) + (n == 1 ? " message" : " messages");
}

std::string utc(std::int64_t ms, const char* format) {
    std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char out[32];
    std::strftime(out, sizeof out, format, &tm);
    return out;
}

void list_import(std::ostringstream& out, const BundleImported& b) {
    const ImportReport& r = b.report;
    out << "  " << b.file;
    // The name is what the bundle claims; the key's fingerprint is what its signature proves.
    if (r.header)
        out << " (says it is from "
            << (r.header->exporter_name.empty() ? "?" : r.header->exporter_name) << ", key "
            << fingerprint(r.header->exporter) << ")";
    out << "\n    " << r.accepted << " new, " << r.duplicates << " already here, " << r.refused
        << " refused"
        << (r.waiting ? ", " + std::to_string(r.waiting) + " waiting for their author's credential"
                      : "")
        << "; " << (r.verified ? "bundle signed by that key" : "bundle signature NOT verified")
        << "\n";
    for (const auto& [reason, count] : r.refused_by_reason)
        out << "    refused " << count << " x " << reason << "\n";
    for (const auto& refusal : r.refusals)
        out << "      at byte " << refusal.offset << ": " << refusal.reason
            << (refusal.detail.empty() ? "" : ": " + refusal.detail) << "\n";
    for (const auto& damage : r.damage)
        out << "    DAMAGE at byte " << damage.offset << ": " << damage_name(damage.kind) << ": "
            << damage.detail << "\n";
}

}  // namespace

std::string receipt_file_name(std::int64_t started_ms, const std::string& fingerprint) {
    return utc(started_ms, "%Y%m%d-%H%M%S") + "-" + fingerprint.substr(0, 4) + ".txt";
}

std::string receipt_text(const VisitReport& report, const std::string& node_name,
                         const std::string& fingerprint) {
    std::ostringstream out;
    out << "Baken stick receipt / ontvangstbewijs\n"
        << "Node:     " << node_name << " (" << fingerprint << ")\n"
        << "Visit:    " << utc(report.started_ms, "%Y-%m-%d %H:%M:%S UTC") << "\n\n";
    out << "IN  (from the stick to this node): " << report.accepted
        << (report.accepted == 1 ? " new message, " : " new messages, ") << report.refused
        << " refused\n";
    if (report.imported.empty()) out << "  no bundles on the stick\n";
    for (const auto& b : report.imported) list_import(out, b);
    out << "\nOUT (from this node to the stick): ";
    if (report.written_file.empty()) {
        out << "nothing new for the stick\n";
    } else {
        out << messages(report.written) << ", " << report.written_bytes << " bytes, in bundles/"
            << report.written_file << "\n";
    }
    if (report.left_behind_total() > 0) {
        out << "  DID NOT FIT (stick full): " << messages(report.left_behind_total()) << ":";
        for (const auto& [precedence, count] : report.left_behind)
            out << " " << count << " " << precedence_name(precedence);
        out << "\n  Bring a stick with more free space for these.\n";
    }
    if (!report.problems.empty()) {
        out << "\nPROBLEMS\n";
        for (const auto& p : report.problems) out << "  " << p << "\n";
    }
    out << "\nDone: " << utc(report.finished_ms, "%Y-%m-%d %H:%M:%S UTC")
        << ". The stick may be removed.\n";
    return out.str();
}

}  // namespace baken::bundle
