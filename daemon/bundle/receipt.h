// The plain-text receipt a stick visit leaves in <stick>/baken/receipts/: what a volunteer
// (or the coordinator who collects the stick) reads to know what came in at this node, what
// went out, what was refused and why, and what did not fit.
#pragma once

#include <cstdint>
#include <string>

#include "bundle/stick_visit.h"

namespace baken::bundle {

// "20261129-120000-K7QM.txt": time of the visit (UTC) and the node's fingerprint's first
// group; only characters every file system (FAT32 included) accepts.
std::string receipt_file_name(std::int64_t started_ms, const std::string& fingerprint);

std::string receipt_text(const VisitReport& report, const std::string& node_name,
                         const std::string& fingerprint);

}  // namespace baken::bundle
