// mesh_sim: the deterministic mesh simulator's command line.
//
//   mesh_sim --seed 42 [--verbose]               one run, replayable from its seed
//   mesh_sim --seeds 1:300 [--check-determinism]  a range of seeds (what CI runs)
//   mesh_sim --scenario national [--messages N]   the national-scale run (on demand)
//
// Sizes may be overridden (--nodes, --messages, --adversary 0|1, --faults 0, --hubs, --points);
// everything else follows from the seed. A failing seed prints the command that replays it.
// Exit status: 0 when every run passed, 1 when one failed, 2 on a usage error.
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include "common/log.h"
#include "simulation/mesh.h"
#include "simulation/report.h"

namespace {

using baken::sim::RunOptions;
using baken::sim::RunResult;

struct Command {
    RunOptions options;
    std::uint64_t first_seed = 1;
    std::uint64_t seed_count = 1;
    bool check_determinism = false;
    bool quiet = false;
};

int usage(const std::string& problem) {
    std::cerr << "mesh_sim: " << problem << "\n"
              << "usage: mesh_sim [--seed N | --seeds FIRST:COUNT] [--scenario small|national]\n"
              << "                [--nodes N] [--messages N] [--adversary 0|1] [--faults 0]\n"
              << "                [--late-joiner 0|1] [--trust 0|1] [--link-mbit M] [--link-ms L]\n"
              << "                [--hubs N] [--points N] [--data DIR] [--max-real-seconds S]\n"
              << "                [--check-determinism] [--verbose] [--trace NODE] [--quiet]\n";
    return 2;
}

bool parse(int argc, char** argv, Command& c, std::string& problem) {
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                problem = arg + " needs a value";
                return "";
            }
            return argv[++i];
        };
        auto number = [&]() { return std::strtoll(value().c_str(), nullptr, 10); };
        if (arg == "--seed") {
            c.first_seed = static_cast<std::uint64_t>(number());
            c.seed_count = 1;
        } else if (arg == "--seeds") {
            std::string range = value();
            auto colon = range.find(':');
            if (colon == std::string::npos) return problem = "--seeds wants FIRST:COUNT", false;
            c.first_seed = std::strtoull(range.substr(0, colon).c_str(), nullptr, 10);
            c.seed_count = std::strtoull(range.substr(colon + 1).c_str(), nullptr, 10);
        } else if (arg == "--scenario") {
            c.options.scenario = value();
            if (c.options.scenario != "small" && c.options.scenario != "national") {
                return problem = "unknown scenario " + c.options.scenario, false;
            }
        } else if (arg == "--nodes") {
            c.options.nodes = static_cast<int>(number());
        } else if (arg == "--messages") {
            c.options.messages = static_cast<int>(number());
        } else if (arg == "--adversary") {
            c.options.adversary = static_cast<int>(number());
        } else if (arg == "--faults") {
            c.options.faults = static_cast<int>(number());
        } else if (arg == "--late-joiner") {
            c.options.late_joiner = static_cast<int>(number());
        } else if (arg == "--trust") {
            c.options.trust = static_cast<int>(number());
        } else if (arg == "--link-mbit") {
            c.options.link_mbit = std::strtod(value().c_str(), nullptr);
        } else if (arg == "--link-ms") {
            c.options.link_ms = std::strtod(value().c_str(), nullptr);
        } else if (arg == "--hubs") {
            c.options.hubs = static_cast<int>(number());
        } else if (arg == "--points") {
            c.options.points = static_cast<int>(number());
        } else if (arg == "--data") {
            c.options.data_root = value();
        } else if (arg == "--max-real-seconds") {
            c.options.max_real_seconds = std::strtod(value().c_str(), nullptr);
        } else if (arg == "--check-determinism") {
            c.check_determinism = true;
        } else if (arg == "--trace") {
            c.options.trace_node = static_cast<int>(number());
        } else if (arg == "--verbose") {
            c.options.verbose = true;
        } else if (arg == "--quiet") {
            c.quiet = true;
        } else {
            problem = "unknown option " + arg;
        }
        if (!problem.empty()) return false;
    }
    return true;
}

// One seed: run (twice when checking determinism), report, and say how to replay a failure.
bool run_seed(const std::string& program, Command& c, std::uint64_t seed) {
    c.options.seed = seed;
    RunResult result = baken::sim::run(c.options);
    if (c.check_determinism) {
        RunResult again = baken::sim::run(c.options);
        if (again.fingerprint() != result.fingerprint()) {
            result.violations.push_back("not deterministic: a second run of the seed differs (" +
                                        result.fingerprint().substr(0, 60) + " vs " +
                                        again.fingerprint().substr(0, 60) + ")");
        }
    }
    if (c.options.scenario == "national") {
        baken::sim::print_national(std::cout, result, c.options.hubs);
    }
    if (!c.quiet || !result.passed()) std::cout << baken::sim::one_line(seed, result) << "\n";
    if (c.options.verbose || !result.passed()) baken::sim::print_details(std::cout, result);
    if (!result.passed()) {
        std::cout << "  replay: " << baken::sim::replay_command(program, c.options) << "\n";
    }
    std::cout.flush();
    return result.passed();
}

}  // namespace

int main(int argc, char** argv) {
    // A reader that goes away (mesh_sim | head) must not kill the run before it removes its
    // stores; writes then just fail.
    ::signal(SIGPIPE, SIG_IGN);
    Command command;
    std::string problem;
    if (!parse(argc, argv, command, problem)) return usage(problem);
    // The sessions log every refusal and every ended session; thousands of runs would drown
    // the report. Errors still show.
    baken::log::set_min_level(command.options.verbose ? baken::log::Level::warning
                                                      : baken::log::Level::error);
    std::uint64_t failed = 0;
    double real = 0;
    for (std::uint64_t i = 0; i < command.seed_count; ++i) {
        auto start = std::chrono::steady_clock::now();
        if (!run_seed(argv[0], command, command.first_seed + i)) ++failed;
        real += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    if (command.seed_count > 1) {
        std::printf("%llu seeds, %llu failed, %.1f s (%.2f seeds/s)\n",
                    (unsigned long long)command.seed_count, (unsigned long long)failed, real,
                    static_cast<double>(command.seed_count) / real);
    }
    return failed == 0 ? 0 : 1;
}
