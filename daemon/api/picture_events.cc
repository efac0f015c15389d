// See picture_events.h.
#include "api/picture_events.h"

#include <google/protobuf/util/json_util.h>

#include <vector>

namespace baken {

std::uint64_t PictureEvents::subscribe(Sink sink) {
    if (sinks_.size() >= kMaxStreams) return 0;
    std::uint64_t id = next_id_++;
    sinks_.emplace(id, std::move(sink));
    return id;
}

void PictureEvents::unsubscribe(std::uint64_t id) {
    sinks_.erase(id);
}

std::string PictureEvents::event_text(const v1::PictureChange& change) {
    google::protobuf::util::JsonPrintOptions options;
    options.preserve_proto_field_names = true;
    std::string json;
    (void)google::protobuf::util::MessageToJsonString(change, &json, options);
    // JSON from the printer has no raw newlines, so it fits one "data:" line.
    return "event: change\nid: " + std::to_string(change.sequence()) + "\ndata: " + json + "\n\n";
}

void PictureEvents::publish(v1::PictureChange change) {
    change.set_sequence(++sequence_);
    std::string text = event_text(change);
    // A sink may unsubscribe itself (its connection failed) while we iterate: copy the ids.
    std::vector<std::uint64_t> ids;
    for (const auto& [id, sink] : sinks_) ids.push_back(id);
    for (std::uint64_t id : ids) {
        auto it = sinks_.find(id);
        if (it == sinks_.end()) continue;
        Sink sink = it->second;  // a copy: the call may unsubscribe and destroy the original
        sink(text);
    }
}

}  // namespace baken
