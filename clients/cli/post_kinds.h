// What `baken post KIND` asks for: one table per kind of message a person posts by hand,
// naming each flag, the proto field it fills and whether the daemon requires it.
//
// The table is the single place where the CLI knows the shape of a body; types, enum choices
// and conversions come from the protobuf descriptor of the field named here (see
// draft_builder.h). Required fields mirror the daemon's structure check
// (daemon/message/structure_check.cc), so a missing field is caught before a round trip.
#pragma once

#include <string_view>
#include <vector>

namespace baken::cli {

enum class FieldForm {
    plain,  // converted by the field's proto type: text, number, or enum by friendly name
    time,   // an int64 *_ms field written as a time (see time_text.h)
    count,  // repeated Count written as "label=value", flag may be repeated
};

struct FieldSpec {
    std::string_view flag;  // without dashes: "fuel-hours"
    std::string_view path;  // proto field path below the body: "entries.pillar", "headline.nl"
    bool required;
    std::string_view help;
    FieldForm form = FieldForm::plain;
};

struct PostKind {
    std::string_view command;     // "status"
    std::string_view body_field;  // field of baken.v1.Body: "support_point_status"
    std::string_view description;
    std::vector<FieldSpec> fields;
};

// sitrep, status, need, announcement.
const std::vector<PostKind>& post_kinds();

}  // namespace baken::cli
