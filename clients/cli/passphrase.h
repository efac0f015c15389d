// Reading a passphrase: without echo on a terminal (asked twice when it is being chosen),
// else one line from standard input (scripts and tests pipe it in).
#pragma once

#include <string>

#include "exit_codes.h"

namespace baken::cli {

enum class PassphrasePurpose { choose, enter };

CliResult<std::string> read_passphrase(const std::string& prompt, PassphrasePurpose purpose);

}  // namespace baken::cli
