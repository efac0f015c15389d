// A message id as a person types it after `baken show` or `baken paper export`: the 64 hex
// characters, or a prefix of 8 or more as `baken list` prints it.
#pragma once

#include <string>

#include "exit_codes.h"

namespace baken::cli {

// Done, or a usage error that says what an id looks like.
CliStatus check_message_id(const std::string& id);

}  // namespace baken::cli
