// How a run is told to a person: one line per seed, a table per node with --verbose, and the
// national run's figures (convergence time, bytes sent per node).
#pragma once

#include <iosfwd>
#include <string>

#include "simulation/mesh.h"

namespace baken::sim {

std::string one_line(std::uint64_t seed, const RunResult& result);
void print_details(std::ostream& out, const RunResult& result);
void print_national(std::ostream& out, const RunResult& result, int hubs);

}  // namespace baken::sim
