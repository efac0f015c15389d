// See bundle_selection.h.
#include "bundle/bundle_selection.h"

#include <algorithm>

#include "message/envelope_codec.h"

namespace baken::bundle {
namespace {

bool matches(const BundleFilter& filter, const v1::Message& m, std::int64_t now_ms) {
    if (m.expires_ms() <= now_ms || m.created_ms() < filter.since_ms) return false;
    if (precedence_rank(m.precedence()) > precedence_rank(filter.least_urgent)) return false;
    return filter.kinds.empty() || filter.kinds.contains(m.body().kind_case());
}

}  // namespace

std::vector<SelectedMessage> select_for_bundle(
    const Store& store, const BundleFilter& filter, std::int64_t now_ms,
    const std::function<bool(const MessageId&)>& carried) {
    std::vector<SelectedMessage> out;
    store.for_each_id([&](const MessageId& id) {
        if (carried && carried(id)) return true;
        auto held = store.get(id);
        if (!held) return true;
        // Stored bytes were verified on the way in; decoding reads the header fields.
        auto decoded = decode_envelope(as_bytes(held->envelope_bytes));
        if (!decoded || !matches(filter, decoded->message, now_ms)) return true;
        out.push_back({id, decoded->message.precedence(), decoded->message.created_ms(),
                       held->envelope_bytes.size()});
        return true;
    });
    std::sort(out.begin(), out.end(), [](const SelectedMessage& a, const SelectedMessage& b) {
        int ra = precedence_rank(a.precedence), rb = precedence_rank(b.precedence);
        if (ra != rb) return ra < rb;
        if (a.created_ms != b.created_ms) return a.created_ms > b.created_ms;
        return a.id < b.id;
    });
    return out;
}

}  // namespace baken::bundle
