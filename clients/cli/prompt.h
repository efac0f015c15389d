// Asks on the terminal for the required fields a person left out of `baken post`.
//
// Only used when stdin is a terminal: a script gets an error naming the missing flags
// instead, because a prompt would hang it. The streams are parameters so tests can type.
#pragma once

#include <cstdint>
#include <iosfwd>

#include "common/result.h"
#include "draft_builder.h"
#include "post_kinds.h"

namespace baken::cli {

// Asks for each field in missing_fields(kind, values), in table order, and stores the answers
// in `values`. An enum shows its choices numbered; the answer may be the number or the name.
// A value that check_value() refuses is explained and asked again.
// Error: "cancelled" when input ends (Ctrl-D) before every field has a value.
Result<Done, std::string> prompt_missing(const PostKind& kind, FlagValues& values, std::istream& in,
                                         std::ostream& out, std::int64_t now_ms);

bool stdin_is_terminal();

}  // namespace baken::cli
