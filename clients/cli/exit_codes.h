// How `baken` ends: its exit codes and the error value every command returns.
//
// Scripts at a support point branch on these codes, so they are stable:
//
//   0  success
//   1  anything else (an unexpected answer, a local file that cannot be written, ...)
//   2  usage error: an unknown flag, a bad value, a missing required field
//   3  the daemon cannot be reached (not running, wrong --api address, no answer in time)
//   4  the daemon refused the message (the API's reject code and detail are printed)
//   5  not found, or an id prefix that matches more than one message
//   6  unauthorized: the API token is missing, unreadable or not the daemon's
//
// Errors are values (CliError) up to main(), which prints the message to stderr and returns
// the code; nothing below main() prints an error or exits.
#pragma once

#include <string>

#include "common/result.h"

namespace baken::cli {

enum class ExitCode : int {
    ok = 0,
    other = 1,
    usage = 2,
    unreachable = 3,
    refused = 4,
    not_found = 5,
    unauthorized = 6,
};

// The text shown under `baken --help`; keep it in step with the table above.
inline constexpr const char* kExitCodeHelp =
    "Exit codes:\n"
    "  0  success\n"
    "  1  any other error\n"
    "  2  usage error (unknown flag, bad value, missing field)\n"
    "  3  the daemon cannot be reached\n"
    "  4  the daemon refused the message\n"
    "  5  message not found, or the id prefix is ambiguous\n"
    "  6  unauthorized (API token missing or wrong)";

struct CliError {
    ExitCode code = ExitCode::other;
    std::string message;  // one or more lines in plain English, saying what to do
};

template <typename T>
using CliResult = Result<T, CliError>;
using CliStatus = CliResult<Done>;

inline Failure<CliError> cli_fail(ExitCode code, std::string message) {
    return fail(CliError{code, std::move(message)});
}

}  // namespace baken::cli
