// Stick mode: one visit of a USB stick to this node (docs/bundle-format.md, "Stick mode").
//
//   <stick>/baken/bundles/*.bkn    bundles written by the nodes the stick has visited
//   <stick>/baken/index.bin        the ids the stick carries (stick_index.h), for people and
//                                  tools: a visit derives what the stick carries from the bundles
//   <stick>/baken/receipts/*.txt   one plain-text receipt per visit
//
// A visit (1) imports everything new from every bundle on the stick through the validation
// path, (2) writes one bundle with what the stick lacks — the delta, most urgent first, as
// much as fits in the free space and under the FAT32 file-size limit — and the new index,
// (3) writes a receipt a person can read: what came in, what went out, what was refused and
// why, what did not fit. Files appear under their final name only when complete (written as
// .part, fsynced, renamed), so a stick pulled early holds no half bundle that looks whole.
//
// This is the file adapter around the sans-IO reader and writer. It works in steps of bounded
// size so the daemon's event loop stays responsive: call step() until it returns true.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "bundle/bundle_import.h"
#include "bundle/bundle_reader.h"
#include "bundle/bundle_selection.h"
#include "bundle/bundle_writer.h"
#include "common/clock.h"
#include "crypto/identity.h"
#include "store/store.h"
#include "validation/validation_path.h"

namespace baken::bundle {

// FAT32 cannot hold a file of 4 GiB or more.
inline constexpr std::uint64_t kFat32MaxFileBytes = (1ull << 32) - 1;

struct StickVisitOptions {
    std::filesystem::path stick;  // the mount point; the visit works in <stick>/baken/
    std::string node_name;
    std::uint64_t max_file_bytes = kFat32MaxFileBytes;
    // Left free for the index and the receipt (and the file system's own needs).
    std::uint64_t reserve_bytes = 256 * 1024;
    // The stick's free space; unset: asked of the file system (tests set it).
    std::optional<std::uint64_t> free_bytes;
};

struct BundleImported {
    std::string file;  // name inside baken/bundles/
    ImportReport report;
};

struct VisitReport {
    std::filesystem::path stick;
    std::int64_t started_ms = 0;
    std::int64_t finished_ms = 0;
    std::vector<BundleImported> imported;
    std::uint64_t accepted = 0;  // over all bundles
    std::uint64_t refused = 0;
    std::string written_file;  // the bundle written at this visit ("" if none)
    std::uint64_t written = 0;
    std::uint64_t written_bytes = 0;
    std::map<v1::Precedence, std::uint64_t> left_behind;  // did not fit, by precedence
    std::vector<std::string> problems;  // for a person: what went wrong and what it means
    std::string receipt_file;
    bool finished = false;  // every file written and synced: the stick may be pulled

    std::uint64_t left_behind_total() const;
};

class StickVisit {
  public:
    StickVisit(StickVisitOptions options, Store& store, ValidationPath& validation,
               const Identity& identity, const Clock& clock);
    ~StickVisit();

    // Does a bounded amount of work; true when the visit is over (report().finished says
    // whether it completed).
    bool step();
    const VisitReport& report() const { return report_; }
    std::string_view phase() const;  // "reading", "writing", "done"

    // Room kept free for writing an index of `ids` ids (old and new side by side).
    static std::uint64_t index_room(std::size_t ids) { return 2 * kMessageIdSize * ids + 4096; }

  private:
    enum class Phase { start, reading, writing, done };

    void start();
    std::optional<std::string> unusable_folder() const;
    void read_some();
    bool open_next_bundle();
    void finish_bundle();
    void plan_delta();
    void write_some();
    void close_delta();
    void write_index();
    void write_receipt();
    void problem(std::string text);

    StickVisitOptions options_;
    Store& store_;
    ValidationPath& validation_;
    const Identity& identity_;
    const Clock& clock_;
    Phase phase_ = Phase::start;
    VisitReport report_;
    std::filesystem::path folder_;  // <stick>/baken
    std::vector<std::filesystem::path> bundles_;
    std::size_t next_bundle_ = 0;
    std::ifstream file_;
    std::unique_ptr<BundleReader> reader_;
    std::unique_ptr<BundleImporter> importer_;
    std::set<MessageId> carried_;     // held here and in a bundle read (or written) at this visit
    std::vector<MessageId> indexed_;  // what the stick's index claimed, to check against
    std::uint64_t synced_bytes_ = 0;
    // Writing the delta.
    std::vector<SelectedMessage> delta_;
    std::size_t next_delta_ = 0;
    std::uint64_t budget_ = 0;  // bytes the new bundle may take, trailer included
    int fd_ = -1;
    std::filesystem::path part_path_;
    std::unique_ptr<BundleWriter> writer_;
};

}  // namespace baken::bundle
