// Runs stick visits on the daemon's event loop (the Asio adapter around stick_visit.h):
// a visit asked for by the API (`baken bundle stick PATH`), or one started by itself when a
// stick with a `baken/` folder appears under a watched folder ([sticks] watch, polled every
// two seconds). One visit at a time, in steps, so the node keeps answering while it works.
// The log says when a visit starts ("do not remove the stick") and when the stick may be
// pulled; GET /api/v1/stick and the web UI show the same.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "baken/v1/api.pb.h"
#include "bundle/stick_visit.h"
#include "common/result.h"

namespace baken::bundle {

class StickService {
  public:
    StickService(boost::asio::io_context& io, Store& store, ValidationPath& validation,
                 const Identity& identity, const Clock& clock, std::string node_name,
                 std::vector<std::filesystem::path> watch);

    // Starts polling the watched folders (no-op without any).
    void start_watching();
    void stop();

    // Starts a visit of the stick mounted at `stick`. Errors: a visit is running, or `stick`
    // is not a folder.
    Result<Done, std::string> visit(const std::filesystem::path& stick);
    v1::StickState state() const;

  private:
    void poll();
    void schedule_poll();
    void run_step();
    void finished();
    std::vector<std::filesystem::path> sticks_present() const;

    boost::asio::io_context& io_;
    Store& store_;
    ValidationPath& validation_;
    const Identity& identity_;
    const Clock& clock_;
    std::string node_name_;
    std::vector<std::filesystem::path> watch_;
    boost::asio::steady_timer poll_timer_;
    std::unique_ptr<StickVisit> visit_;
    std::unique_ptr<VisitReport> last_;  // the last finished visit
    std::filesystem::path current_;
    std::string stopped_by_;  // why the current visit ended early, if it did
    // Sticks visited and still plugged in, by mount folder and the device it is on: not
    // visited again until pulled and put back (another stick mounted at the same folder,
    // even between two polls, is on another device).
    std::map<std::filesystem::path, std::uint64_t> seen_;
    bool stopped_ = false;
};

}  // namespace baken::bundle
