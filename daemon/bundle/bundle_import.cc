// See bundle_import.h.
#include "bundle/bundle_import.h"

namespace baken::bundle {

void count_verdict(ImportReport& report, const Verdict& verdict, std::uint64_t offset) {
    if (verdict) {
        ++(verdict.value().duplicate ? report.duplicates : report.accepted);
        return;
    }
    if (verdict.error().code == RejectCode::unknown_author) {
        ++report.waiting;
        return;
    }
    ++report.refused;
    std::string reason(reject_code_name(verdict.error().code));
    ++report.refused_by_reason[reason];
    if (report.refusals.size() < ImportReport::kMaxListed)
        report.refusals.push_back({offset, reason, verdict.error().detail});
}

void BundleImporter::on_event(BundleEvent event) {
    if (auto* header = std::get_if<BundleHeaderRead>(&event)) {
        report_.header = *header;
    } else if (auto* record = std::get_if<MessageRecordRead>(&event)) {
        ++report_.records;
        batch_.push_back(std::move(*record));
        if (batch_.size() >= batch_size_) flush();
    } else if (auto* damage = std::get_if<Damage>(&event)) {
        if (damage->kind == DamageKind::record_damaged) ++report_.records;
        if (report_.damage.size() < ImportReport::kMaxListed) report_.damage.push_back(*damage);
    } else if (std::holds_alternative<BundleVerified>(event)) {
        report_.verified = true;
    }
}

void BundleImporter::flush() {
    if (batch_.empty()) return;
    std::vector<ByteView> envelopes;
    envelopes.reserve(batch_.size());
    for (const auto& record : batch_) envelopes.push_back(as_bytes(record.envelope_bytes));
    std::vector<Verdict> verdicts = validation_.submit_batch(envelopes, Origin::relayed);
    for (std::size_t i = 0; i < verdicts.size(); ++i) {
        count_verdict(report_, verdicts[i], batch_[i].offset);
        if (verdicts[i] && on_held_) on_held_(verdicts[i].value().id);
    }
    batch_.clear();
}

}  // namespace baken::bundle
