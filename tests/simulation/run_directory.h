// Where a run keeps its nodes' stores: a private directory, on tmpfs when there is one
// (/dev/shm: LMDB's fsync is then nearly free), removed when the run ends.
//
// Its name carries the process id, so a later run removes what a killed run (a ctest timeout,
// kill -9) left behind: on tmpfs that is memory.
#pragma once

#include <filesystem>

namespace baken::sim {

class RunDirectory {
  public:
    // Aborts when no private directory can be made: runs must never share stores.
    explicit RunDirectory(const std::filesystem::path& root);
    ~RunDirectory();
    RunDirectory(const RunDirectory&) = delete;
    RunDirectory& operator=(const RunDirectory&) = delete;

    const std::filesystem::path& path() const { return path_; }

    // /dev/shm when it exists, else the temporary directory.
    static std::filesystem::path default_root();

  private:
    std::filesystem::path path_;
};

}  // namespace baken::sim
