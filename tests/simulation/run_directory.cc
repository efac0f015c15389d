// See run_directory.h.
#include "simulation/run_directory.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>

namespace baken::sim {

namespace {

constexpr std::string_view kPrefix = "baken-sim-";

// Directories of runs whose process no longer exists. Names of another shape are left alone.
void remove_abandoned(const std::filesystem::path& root) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(root, ec)) {
        std::string name = entry.path().filename().string();
        if (name.rfind(kPrefix, 0) != 0) continue;
        char* end = nullptr;
        long pid = std::strtol(name.c_str() + kPrefix.size(), &end, 10);
        if (pid <= 0 || *end != '-') continue;
        if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) {
            std::filesystem::remove_all(entry.path(), ec);
        }
    }
}

}  // namespace

RunDirectory::RunDirectory(const std::filesystem::path& root) {
    remove_abandoned(root);
    std::string pattern =
        (root / (std::string(kPrefix) + std::to_string(::getpid()) + "-XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr) std::abort();
    path_ = pattern;
}

RunDirectory::~RunDirectory() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

std::filesystem::path RunDirectory::default_root() {
    std::error_code ec;
    if (std::filesystem::is_directory("/dev/shm", ec)) return "/dev/shm";
    return std::filesystem::temp_directory_path();
}

}  // namespace baken::sim
