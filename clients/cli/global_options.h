// The options every command shares (--data, --api, --json) and what follows from them: where
// the daemon is and which token proves we may talk to it.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>

#include "api_client.h"

namespace baken::cli {

inline constexpr const char* kDefaultDataDir = "/var/lib/baken";

struct GlobalOptions {
    std::string data_dir = kDefaultDataDir;  // --data, else $BAKEN_DATA, else /var/lib/baken
    std::string api;                         // --api; empty: see api_address()
    bool json = false;                       // --json: machine output on stdout
};

// Adds --data, --api and --json to `app`. Call before adding subcommands, which inherit
// fallthrough so the options may also follow the command ("baken list --json").
void add_global_options(CLI::App& app, GlobalOptions& options);

// --api if given, else the address bakend wrote to <data>/api.address, else 127.0.0.1:7718.
std::string api_address(const GlobalOptions& options);

ApiEndpoint api_endpoint(const GlobalOptions& options);

// The wall clock, in Unix milliseconds.
std::int64_t now_ms();

}  // namespace baken::cli
