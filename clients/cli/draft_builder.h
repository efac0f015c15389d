// Turns the flags of `baken post KIND` into a baken.v1.Draft for POST /api/v1/messages.
//
// Each flag is converted by the proto type of the field that post_kinds.h names for it, found
// through protobuf reflection: text as is, numbers parsed, enums by friendly name
// (enum_names.h), times and "label=value" counts by their FieldForm. So the builder knows no
// field by name, and the help, the prompts and the conversion cannot disagree.
//
// Nothing here does I/O; "now" is passed in for relative times.
#pragma once

#include <google/protobuf/descriptor.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "baken/v1/api.pb.h"
#include "common/result.h"
#include "post_kinds.h"

namespace baken::cli {

// What the person gave, keyed by flag name without dashes. An empty string means "not given":
// an empty required field is as missing to the daemon as an absent one.
struct FlagValues {
    std::map<std::string, std::string> single;
    std::map<std::string, std::vector<std::string>> repeated;  // FieldForm::count flags
};

// The flags every kind shares.
struct CommonFlags {
    std::string precedence = "routine";  // flash, immediate, priority, routine
    std::string ttl;                     // "24h"; empty: the daemon's default
    std::string supersedes;              // 64-hex id; empty: none
    std::string restricted;              // names, addresses: sealed by the daemon
};

// The proto field a spec fills (the leaf of its path). Never null for the built-in table.
const google::protobuf::FieldDescriptor& leaf_field(const PostKind& kind, const FieldSpec& spec);

// The friendly enum names the field accepts; empty unless it is an enum.
std::vector<std::string> choices_for(const PostKind& kind, const FieldSpec& spec);

// Required fields whose flag is absent or empty, in table order.
std::vector<const FieldSpec*> missing_fields(const PostKind& kind, const FlagValues& values);

// Whether `raw` is an acceptable value for the field; the error says why not (without the
// flag name, so a prompt can show it as is).
std::optional<std::string> check_value(const PostKind& kind, const FieldSpec& spec,
                                       const std::string& raw, std::int64_t now_ms);

// One line per given value that cannot be used, each naming its flag; missing fields are
// not reported here, so bad flags can be pointed out before anything is asked for.
std::vector<std::string> value_errors(const PostKind& kind, const FlagValues& values,
                                      const CommonFlags& common, std::int64_t now_ms);

// The draft, or an error listing every bad value and every missing flag, one per line, each
// naming its flag ("--severity: unknown value ..."; "missing required flags: --phase, --text").
// An announcement with --expires and no --ttl lives until it expires (at most 90 days).
Result<v1::Draft, std::string> build_draft(const PostKind& kind, const FlagValues& values,
                                           const CommonFlags& common, std::int64_t now_ms);

// The parts of build_draft for the flags every kind shares; exposed for tests.
Result<v1::Precedence, std::string> parse_precedence(const std::string& text);
Result<std::int64_t, std::string> parse_ttl_seconds(const std::string& text);

}  // namespace baken::cli
