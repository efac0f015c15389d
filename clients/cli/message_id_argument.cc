// Checks a message id given on the command line (message_id_argument.h).
#include "message_id_argument.h"

#include <cstddef>

namespace baken::cli {

namespace {
constexpr std::size_t kMinPrefix = 8;
constexpr std::size_t kFullId = 64;
}  // namespace

CliStatus check_message_id(const std::string& id) {
    const bool hex = id.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
    if (!hex || id.size() < kMinPrefix || id.size() > kFullId) {
        return cli_fail(ExitCode::usage,
                        "\"" + id +
                            "\" is not a message id: give the 64 hex characters, or "
                            "the first 8 or more (as in baken list)");
    }
    return Done{};
}

}  // namespace baken::cli
