// See global_options.h.
#include "global_options.h"

#include <fstream>

#include "api/api_token.h"
#include "common/clock.h"

namespace baken::cli {

void add_global_options(CLI::App& app, GlobalOptions& options) {
    app.fallthrough();
    app.add_option("--data", options.data_dir,
                   "data directory of the node (holds node.key, api.token)")
        ->envname("BAKEN_DATA")
        ->type_name("DIR")
        ->capture_default_str();
    app.add_option(
           "--api", options.api,
           "address of bakend's HTTP API (default: what bakend wrote to <data>/api.address, "
           "else 127.0.0.1:7718)")
        ->type_name("HOST:PORT");
    app.add_flag("--json", options.json, "print machine-readable JSON (the API's own shapes)");
}

std::string api_address(const GlobalOptions& options) {
    if (!options.api.empty()) return options.api;
    std::ifstream file(std::filesystem::path(options.data_dir) / kApiAddressFile);
    std::string address;
    if (file >> address && !address.empty()) return address;
    return std::string(kDefaultApiAddress);
}

ApiEndpoint api_endpoint(const GlobalOptions& options) {
    return ApiEndpoint{api_address(options), options.data_dir};
}

std::int64_t now_ms() {
    return SystemClock().now_ms();
}

}  // namespace baken::cli
