// See passphrase.h.
#include "passphrase.h"

#include <termios.h>
#include <unistd.h>

#include <iostream>

#include "prompt.h"

namespace baken::cli {

namespace {

// One line from the terminal with echo off; echo is restored whatever happens.
std::string read_hidden_line(const std::string& prompt) {
    std::cerr << prompt << std::flush;
    termios saved{};
    bool terminal = ::tcgetattr(STDIN_FILENO, &saved) == 0;
    if (terminal) {
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    std::string line;
    std::getline(std::cin, line);
    if (terminal) ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    std::cerr << "\n";
    return line;
}

}  // namespace

CliResult<std::string> read_passphrase(const std::string& prompt, PassphrasePurpose purpose) {
    if (!stdin_is_terminal()) {
        std::string line;
        if (!std::getline(std::cin, line) || line.empty()) {
            return cli_fail(ExitCode::usage, "no passphrase on standard input");
        }
        return line;
    }
    std::string first = read_hidden_line(prompt + ": ");
    if (purpose == PassphrasePurpose::choose && read_hidden_line("Again: ") != first) {
        return cli_fail(ExitCode::usage, "the two passphrases differ; nothing was written");
    }
    return first;
}

}  // namespace baken::cli
