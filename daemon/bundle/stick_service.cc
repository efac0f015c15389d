// See stick_service.h.
#include "bundle/stick_service.h"

#include <boost/asio/post.hpp>

#include <sys/stat.h>

#include <chrono>
#include <utility>

#include "common/log.h"

namespace baken::bundle {
namespace fs = std::filesystem;
namespace {

constexpr auto kPollInterval = std::chrono::seconds(2);

// The device a folder is on (0 if it cannot be asked): tells one stick from the next
// mounted at the same place.
std::uint64_t device_of(const fs::path& p) {
    struct stat st {};
    return ::stat(p.c_str(), &st) == 0 ? static_cast<std::uint64_t>(st.st_dev) : 0;
}

void fill(v1::StickState& out, const VisitReport& r) {
    out.set_path(r.stick.string());
    out.set_accepted(r.accepted);
    out.set_refused(r.refused);
    out.set_written(r.written);
    out.set_left_behind(r.left_behind_total());
    out.set_receipt_file(r.receipt_file);
    out.set_started_ms(r.started_ms);
    out.set_finished_ms(r.finished_ms);
    for (const auto& p : r.problems) out.add_problems(p);
    std::uint64_t damaged = 0;
    for (const auto& b : r.imported) damaged += b.report.damage.empty() ? 0 : 1;
    out.set_damaged_bundles(damaged);
}

std::string summary(const VisitReport& r) {
    return std::to_string(r.accepted) + " new messages in, " + std::to_string(r.refused) +
           " refused, " + std::to_string(r.written) + " out" +
           (r.left_behind_total() ? ", " + std::to_string(r.left_behind_total()) + " did not fit"
                                  : "");
}

}  // namespace

StickService::StickService(boost::asio::io_context& io, Store& store, ValidationPath& validation,
                           const Identity& identity, const Clock& clock, std::string node_name,
                           std::vector<fs::path> watch)
    : io_(io),
      store_(store),
      validation_(validation),
      identity_(identity),
      clock_(clock),
      node_name_(std::move(node_name)),
      watch_(std::move(watch)),
      poll_timer_(io) {}

void StickService::start_watching() {
    if (watch_.empty()) return;
    std::string folders;
    for (const auto& w : watch_) folders += (folders.empty() ? "" : ", ") + w.string();
    log::info("sticks", "sticks: watching " + folders + " for USB sticks with a baken/ folder");
    schedule_poll();
}

void StickService::stop() {
    stopped_ = true;
    poll_timer_.cancel();
}

void StickService::schedule_poll() {
    poll_timer_.expires_after(kPollInterval);
    poll_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (ec || stopped_) return;
        poll();
        schedule_poll();
    });
}

// A stick is a folder one or two levels below a watched folder (/media/STICK or
// /media/user/STICK, as desktop automounters make them) that holds a baken/ folder.
std::vector<fs::path> StickService::sticks_present() const {
    std::vector<fs::path> out;
    // Never through a symbolic link, at any level: a link on a stick (ext4 sticks have them)
    // must not make, say, /var/lib look like a stick with a baken folder.
    auto real_folder = [](const fs::path& p) {
        std::error_code ec;
        return fs::is_directory(fs::symlink_status(p, ec));
    };
    auto folders_in = [&](const fs::path& dir) {
        std::vector<fs::path> found;
        std::error_code ec;
        constexpr std::size_t kMaxFolders = 64;  // a mount folder, not a file tree
        for (fs::directory_iterator it(dir, ec), end;
             !ec && it != end && found.size() < kMaxFolders; it.increment(ec))
            if (real_folder(it->path())) found.push_back(it->path());
        return found;
    };
    for (const auto& w : watch_) {
        for (const auto& one : folders_in(w)) {
            if (real_folder(one / "baken")) {
                out.push_back(one);
                continue;
            }
            for (const auto& two : folders_in(one))
                if (real_folder(two / "baken")) out.push_back(two);
        }
    }
    return out;
}

void StickService::poll() {
    std::vector<fs::path> present;
    try {
        present = sticks_present();
    } catch (const std::exception& e) {  // a mount folder that fails mid-listing
        log::warning("sticks", std::string("cannot look for sticks: ") + e.what());
        return;
    }
    std::set<fs::path> now(present.begin(), present.end());
    // A stick that was pulled may be visited again when it comes back.
    std::erase_if(seen_, [&](const auto& entry) {
        return entry.first != current_ &&
               (!now.contains(entry.first) || device_of(entry.first) != entry.second);
    });
    for (const auto& stick : present) {
        if (visit_ || seen_.contains(stick)) continue;
        if (visit(stick)) break;
    }
}

Result<Done, std::string> StickService::visit(const fs::path& stick) {
    if (visit_) return fail("a stick visit is running (" + current_.string() + "); wait for it");
    std::error_code ec;
    if (!fs::is_directory(stick, ec))
        return fail(stick.string() + " is not a folder (is the stick mounted there?)");
    // Only a prepared stick: the daemon never creates folders where it was merely pointed.
    if (!fs::is_directory(stick / "baken", ec))
        return fail(stick.string() + " has no baken folder; make one on the stick (mkdir " +
                    (stick / "baken").string() + ")");
    StickVisitOptions options;
    options.stick = stick;
    options.node_name = node_name_;
    visit_ = std::make_unique<StickVisit>(options, store_, validation_, identity_, clock_);
    current_ = stick;
    seen_[stick] = device_of(stick);
    log::info("sticks", "stick " + stick.string() + ": visit started; do not remove the stick");
    boost::asio::post(io_, [this] { run_step(); });
    return Done{};
}

void StickService::run_step() {
    if (!visit_) return;
    bool done = false;
    try {
        done = visit_->step();
    } catch (const std::exception& e) {
        // The stick is untrusted and may vanish mid-visit: whatever the file system throws
        // ends this visit, never the daemon.
        log::warning("sticks", "stick " + current_.string() + ": visit stopped: " + e.what());
        stopped_by_ = std::string("the visit stopped: ") + e.what() + " (was the stick pulled?)";
        done = true;
    }
    if (!done) {
        // Posted, not looped: API requests and sync traffic get their turn between steps.
        boost::asio::post(io_, [this] { run_step(); });
        return;
    }
    finished();
}

void StickService::finished() {
    last_ = std::make_unique<VisitReport>(visit_->report());
    if (!stopped_by_.empty()) last_->problems.push_back(std::exchange(stopped_by_, {}));
    visit_.reset();
    log::info("sticks", "stick " + current_.string() + ": done: " + summary(*last_) +
                            "; receipt baken/receipts/" + last_->receipt_file +
                            "; the stick may be removed");
    current_.clear();
}

v1::StickState StickService::state() const {
    v1::StickState out;
    if (visit_) {
        out.set_state(std::string(visit_->phase()));
        fill(out, visit_->report());
        out.set_safe_to_remove(false);
        return out;
    }
    if (!last_) {
        out.set_state("idle");
        out.set_safe_to_remove(true);
        return out;
    }
    out.set_state("done");
    fill(out, *last_);
    out.set_safe_to_remove(true);
    return out;
}

}  // namespace baken::bundle
