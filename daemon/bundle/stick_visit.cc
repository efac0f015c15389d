// See stick_visit.h and docs/bundle-format.md ("Stick mode").
#include "bundle/stick_visit.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

#include "bundle/receipt.h"
#include "bundle/stick_index.h"
#include "common/atomic_file.h"
#include "common/log.h"
#include "message/envelope_codec.h"

namespace baken::bundle {
namespace fs = std::filesystem;
namespace {

constexpr std::size_t kReadChunkBytes = 64 * 1024;
constexpr int kEventsPerStep = 512;
constexpr int kWritesPerStep = 512;
constexpr const char* kPartSuffix = ".part";

bool write_all(int fd, ByteView bytes) {
    while (!bytes.empty()) {
        ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        bytes = bytes.subspan(static_cast<std::size_t>(n));
    }
    return true;
}

void sync_directory(const fs::path& dir) {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

// The entries of a folder on the stick. Iterated with error codes throughout: a damaged FAT
// directory or a stick pulled mid-listing is an I/O error, never an exception.
std::vector<fs::directory_entry> entries_of(const fs::path& dir) {
    std::vector<fs::directory_entry> out;
    std::error_code ec;
    constexpr std::size_t kMaxEntries = 100'000;  // a folder of more is not a stick's
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end && out.size() < kMaxEntries;
         it.increment(ec))
        out.push_back(*it);
    return out;
}

// Bundles: regular files (not links, devices or pipes) ending in .bkn, in name order.
std::vector<fs::path> bundles_in(const fs::path& dir) {
    std::vector<fs::path> out;
    for (const auto& entry : entries_of(dir)) {
        std::error_code ec;
        if (!fs::is_regular_file(entry.symlink_status(ec))) continue;
        // FAT keeps the case it was given, but other tools may upper-case the extension.
        std::string ext = entry.path().extension().string();
        std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
        if (ext == ".bkn") out.push_back(entry.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

// The index file's bytes, if it is a regular file of a sane size: never a link, a device or a
// pipe (opening a pipe would wait forever), never more than an index of kMaxIndexIds.
std::optional<std::string> read_index_file(const fs::path& path, std::string& why) {
    int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        if (errno != ENOENT) why = std::strerror(errno);
        return std::nullopt;
    }
    struct stat st {};
    constexpr std::uint64_t kMaxBytes = 64 + kMaxIndexIds * kMessageIdSize;
    std::optional<std::string> out;
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        why = "not a regular file";
    } else if (static_cast<std::uint64_t>(st.st_size) > kMaxBytes) {
        why = "too large (" + std::to_string(st.st_size) + " bytes)";
    } else {
        std::string bytes(static_cast<std::size_t>(st.st_size), '\0');
        std::size_t got = 0;
        while (got < bytes.size()) {
            ssize_t n = ::read(fd, bytes.data() + got, bytes.size() - got);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
            got += static_cast<std::size_t>(n);
        }
        bytes.resize(got);
        out = std::move(bytes);
    }
    ::close(fd);
    return out;
}

}  // namespace

std::uint64_t VisitReport::left_behind_total() const {
    std::uint64_t n = 0;
    for (const auto& [precedence, count] : left_behind) n += count;
    return n;
}

StickVisit::StickVisit(StickVisitOptions options, Store& store, ValidationPath& validation,
                       const Identity& identity, const Clock& clock)
    : options_(std::move(options)),
      store_(store),
      validation_(validation),
      identity_(identity),
      clock_(clock) {
    report_.stick = options_.stick;
    report_.started_ms = clock_.now_ms();
    folder_ = options_.stick / "baken";
}

StickVisit::~StickVisit() {
    if (fd_ >= 0) ::close(fd_);
}

std::string_view StickVisit::phase() const {
    switch (phase_) {
        case Phase::start:
        case Phase::reading:
            return "reading";
        case Phase::writing:
            return "writing";
        case Phase::done:
            return "done";
    }
    return "done";
}

bool StickVisit::step() {
    switch (phase_) {
        case Phase::start:
            start();
            break;
        case Phase::reading:
            read_some();
            break;
        case Phase::writing:
            write_some();
            break;
        case Phase::done:
            break;
    }
    return phase_ == Phase::done;
}

void StickVisit::problem(std::string text) {
    log::warning("sticks", "stick " + options_.stick.string() + ": " + text);
    report_.problems.push_back(std::move(text));
}

// The stick is untrusted: a folder of it that is a symbolic link could point the writes and
// the clean-up of .part files anywhere the daemon may write. FAT sticks have no links at all.
std::optional<std::string> StickVisit::unusable_folder() const {
    std::error_code ec;
    for (const fs::path& p : {folder_, folder_ / "bundles", folder_ / "receipts"}) {
        if (fs::is_symlink(fs::symlink_status(p, ec)))
            return p.string() + " is a symbolic link; a stick's baken folders must be real folders";
    }
    fs::create_directories(folder_ / "bundles", ec);
    if (!ec) fs::create_directories(folder_ / "receipts", ec);
    if (ec)
        return "cannot use " + folder_.string() + ": " + ec.message() +
               " (is the stick write-protected or full?)";
    return std::nullopt;
}

void StickVisit::start() {
    std::error_code ec;
    if (auto why = unusable_folder()) {
        problem(*why);
        report_.finished_ms = clock_.now_ms();
        report_.finished = true;
        phase_ = Phase::done;
        return;
    }
    // A .part file is a bundle whose writer was interrupted (the stick was pulled): never
    // read, removed so it does not take space.
    for (const auto& entry : entries_of(folder_ / "bundles")) {
        if (entry.path().extension() == kPartSuffix) fs::remove(entry.path(), ec);
    }
    // What the stick carries is read from its bundles, every visit: the index is a summary for
    // people and tools, and is checked against them (bundles deleted to free space, or lost
    // to damage, must be written again, whatever an old index says).
    std::string why;
    if (auto bytes = read_index_file(folder_ / "index.bin", why)) {
        auto ids = decode_stick_index(as_bytes(*bytes));
        if (ids) {
            indexed_ = std::move(*ids);
        } else {
            problem("the stick's index is unreadable (" + ids.error() + "); written anew");
        }
    } else if (!why.empty()) {
        problem("the stick's index cannot be read (" + why + "); written anew");
    }
    bundles_ = bundles_in(folder_ / "bundles");
    phase_ = Phase::reading;
}

bool StickVisit::open_next_bundle() {
    while (next_bundle_ < bundles_.size()) {
        const fs::path& path = bundles_[next_bundle_++];
        file_ = std::ifstream(path, std::ios::binary);
        if (!file_) {
            problem(path.filename().string() + ": cannot be opened; skipped");
            continue;
        }
        reader_ = std::make_unique<BundleReader>();
        importer_ = std::make_unique<BundleImporter>(validation_);
        // Only ids this node now holds count as carried: the delta is held minus carried, and
        // a stick full of garbage ids must not grow the set (or the index written back).
        importer_->on_held([this](const MessageId& id) { carried_.insert(id); });
        report_.imported.push_back({path.filename().string(), {}});
        return true;
    }
    return false;
}

void StickVisit::read_some() {
    if (!reader_ && !open_next_bundle()) {
        plan_delta();
        return;
    }
    std::array<char, kReadChunkBytes> chunk{};
    for (int events = 0; events < kEventsPerStep;) {
        if (auto event = reader_->next()) {
            importer_->on_event(std::move(*event));
            ++events;
            continue;
        }
        if (reader_->done()) {
            finish_bundle();
            return;
        }
        file_.read(chunk.data(), chunk.size());
        std::streamsize n = file_.gcount();
        if (n > 0) {
            reader_->feed(as_bytes(std::string_view(chunk.data(), static_cast<std::size_t>(n))));
        } else {
            if (file_.bad()) problem(report_.imported.back().file + ": read error");
            reader_->finish();
        }
    }
}

void StickVisit::finish_bundle() {
    importer_->flush();
    BundleImported& done = report_.imported.back();
    done.report = importer_->report();
    report_.accepted += done.report.accepted;
    report_.refused += done.report.refused;
    reader_.reset();
    importer_.reset();
    file_.close();
}

void StickVisit::plan_delta() {
    std::size_t missing = 0;
    for (const auto& id : indexed_)
        if (!carried_.contains(id) && store_.contains(id)) ++missing;
    if (missing > 0)
        problem(std::to_string(missing) +
                " messages the index lists are no longer in the stick's bundles (deleted or "
                "damaged): written again");
    indexed_.clear();
    std::int64_t now = clock_.now_ms();
    delta_ = select_for_bundle(store_, {}, now,
                               [&](const MessageId& id) { return carried_.contains(id); });
    phase_ = Phase::writing;
    if (delta_.empty()) return;
    std::uint64_t free = options_.free_bytes.value_or(0);
    if (!options_.free_bytes) {
        std::error_code ec;
        auto space = fs::space(options_.stick, ec);
        free = ec ? 0 : space.available;
    }
    // The index is replaced through a copy: room for the old and the new one beside the
    // receipt's reserve.
    std::uint64_t reserve = options_.reserve_bytes + index_room(carried_.size() + delta_.size());
    std::uint64_t room = free > reserve ? free - reserve : 0;
    budget_ = std::min(room, options_.max_file_bytes);
    std::string name =
        to_hex(identity_.public_key()).substr(0, 16) + "-" + std::to_string(now) + ".bkn";
    report_.written_file = name;
    part_path_ = folder_ / "bundles" / (name + kPartSuffix);
    fd_ = ::open(part_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd_ < 0) {
        problem("cannot create " + part_path_.filename().string() + ": " + std::strerror(errno));
        report_.written_file.clear();
        for (const auto& m : delta_) ++report_.left_behind[m.precedence];
        delta_.clear();
        return;
    }
    writer_ =
        std::make_unique<BundleWriter>([this](ByteView bytes) { return write_all(fd_, bytes); },
                                       identity_, now, options_.node_name);
}

void StickVisit::write_some() {
    for (int n = 0; n < kWritesPerStep && next_delta_ < delta_.size(); ++n) {
        const SelectedMessage& m = delta_[next_delta_++];
        std::uint64_t after = writer_->bytes_written() +
                              BundleWriter::record_bytes(m.envelope_bytes) + kMaxTrailerRecordBytes;
        auto held = after <= budget_ && writer_->ok() ? store_.get(m.id) : std::nullopt;
        if (!held || !writer_->add(as_bytes(held->envelope_bytes))) {
            ++report_.left_behind[m.precedence];
            continue;
        }
        carried_.insert(m.id);
    }
    // Synced as it grows, so the final fsync of a large bundle on a slow stick does not hold
    // the event loop for minutes.
    constexpr std::uint64_t kSyncEveryBytes = 4u << 20;
    if (writer_ && writer_->bytes_written() - synced_bytes_ >= kSyncEveryBytes) {
        ::fdatasync(fd_);
        synced_bytes_ = writer_->bytes_written();
    }
    if (next_delta_ < delta_.size()) return;
    close_delta();
    write_index();
    write_receipt();
    report_.finished_ms = clock_.now_ms();
    report_.finished = true;  // nothing more is written: the stick may be pulled
    phase_ = Phase::done;
}

void StickVisit::close_delta() {
    if (!writer_) return;
    bool ok =
        writer_->ok() && writer_->message_count() > 0 && writer_->finish() && ::fsync(fd_) == 0;
    ::close(fd_);
    fd_ = -1;
    std::error_code ec;
    if (ok) fs::rename(part_path_, folder_ / "bundles" / report_.written_file, ec);
    if (!ok || ec) {
        if (writer_->message_count() > 0)
            problem("the new bundle could not be written completely (stick full or pulled?)");
        fs::remove(part_path_, ec);
        for (std::size_t i = 0; i < delta_.size(); ++i) carried_.erase(delta_[i].id);
        report_.written_file.clear();
        writer_.reset();
        return;
    }
    sync_directory(folder_ / "bundles");
    report_.written = writer_->message_count();
    report_.written_bytes = writer_->bytes_written();
    writer_.reset();
}

void StickVisit::write_index() {
    std::vector<MessageId> ids(carried_.begin(), carried_.end());
    auto written = write_file_atomically(folder_ / "index.bin", encode_stick_index(std::move(ids)),
                                         0644, IfExists::replace);
    if (!written) problem("the index could not be written: " + written.error().text);
}

void StickVisit::write_receipt() {
    report_.finished_ms = clock_.now_ms();
    std::string name = receipt_file_name(report_.started_ms, identity_.fingerprint());
    std::string text = receipt_text(report_, options_.node_name, identity_.fingerprint());
    auto written =
        write_file_atomically(folder_ / "receipts" / name, as_bytes(text), 0644, IfExists::replace);
    if (!written) {
        problem("the receipt could not be written: " + written.error().text);
        return;
    }
    report_.receipt_file = name;
}

}  // namespace baken::bundle
