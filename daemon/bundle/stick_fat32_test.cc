// Stick mode on a real FAT32 file system: an image made with mkfs.vfat, and every file a
// visit writes copied onto it with mtools (which refuses names and sizes FAT32 cannot hold,
// and runs out of space where a real stick would). No mount is needed, so it runs as any user.
//
// Each visit works on a copy of the stick's baken/ folder taken from the image, with the free
// space the image reports, and its result is copied back: the round trip A -> B -> A through
// the image, and a nearly full stick that must take the most urgent messages first.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "bundle/stick_test_node.h"
#include "support/child_process.h"

namespace baken::bundle {
namespace {

namespace fs = std::filesystem;
using baken::testing::run;
using testing::StickTestNode;

std::string find_program(const std::string& name) {
    for (const char* dir : {"/usr/sbin", "/sbin", "/usr/bin", "/bin"}) {
        fs::path p = fs::path(dir) / name;
        if (fs::exists(p)) return p.string();
    }
    return "";
}

class Fat32Stick {
  public:
    // A FAT32 image of `kib` KiB.
    Fat32Stick(const fs::path& dir, int kib) : image_(dir / "stick.img"), work_(dir / "work") {
        ::setenv("MTOOLS_SKIP_CHECK", "1", 1);
        auto made = run({find_program("mkfs.vfat"), "-F", "32", "-n", "BAKEN", "-C",
                         image_.string(), std::to_string(kib)});
        EXPECT_EQ(made.exit_code, 0) << made.err;
        auto folder = run({"mmd", "-i", image_.string(), "::baken"});
        EXPECT_EQ(folder.exit_code, 0) << folder.err;
    }

    // Fills the stick with a file so that about `left` bytes stay free.
    void fill_leaving(std::uint64_t left) {
        std::uint64_t free = free_bytes();
        ASSERT_GT(free, left);
        fs::path filler = work_.parent_path() / "FILLER.BIN";
        { std::ofstream(filler, std::ios::binary) << std::string(free - left, '\0'); }
        auto copied = run({"mcopy", "-i", image_.string(), filler.string(), "::FILLER.BIN"});
        ASSERT_EQ(copied.exit_code, 0) << copied.err;
    }

    // "Bytes free" as mdir reports it for the image ("41 281 024 bytes free").
    std::uint64_t free_bytes() const {
        auto listed = run({"mdir", "-i", image_.string(), "::"});
        auto at = listed.out.find("bytes free");
        std::string digits;
        for (std::size_t i = listed.out.rfind('\n', at) + 1; i < at; ++i)
            if (listed.out[i] >= '0' && listed.out[i] <= '9') digits += listed.out[i];
        return digits.empty() ? 0 : std::stoull(digits);
    }

    // Takes the stick's folder out of the image, lets `node` visit it, puts the result back.
    // The copy back fails on a name or a size FAT32 cannot hold, or when the stick is full.
    VisitReport visit(StickTestNode& node) {
        std::error_code ec;
        fs::remove_all(work_, ec);
        fs::create_directories(work_);
        auto out = run({"mcopy", "-s", "-n", "-i", image_.string(), "::baken", work_.string()});
        EXPECT_EQ(out.exit_code, 0) << out.err;
        std::uint64_t free = free_bytes() + folder_bytes();  // the folder is rewritten whole
        VisitReport report = node.visit(work_, free);
        auto cleared = run({"mdeltree", "-i", image_.string(), "::baken"});
        EXPECT_EQ(cleared.exit_code, 0) << cleared.err;
        auto back = run({"mcopy", "-s", "-i", image_.string(), (work_ / "baken").string(), "::"});
        EXPECT_EQ(back.exit_code, 0) << back.out << back.err;
        return report;
    }

    // The names in ::baken/bundles as FAT32 stored them.
    std::string bundle_listing() const {
        return run({"mdir", "-b", "-i", image_.string(), "::baken/bundles"}).out;
    }

  private:
    std::uint64_t folder_bytes() const {
        std::uint64_t n = 0;
        std::error_code ec;
        for (const auto& e : fs::recursive_directory_iterator(work_ / "baken", ec))
            if (e.is_regular_file()) n += e.file_size();
        return n;
    }

    fs::path image_;
    fs::path work_;
};

bool have_tools() {
    return !find_program("mkfs.vfat").empty() && !find_program("mcopy").empty() &&
           !find_program("mdir").empty() && !find_program("mdeltree").empty();
}

TEST(StickOnFat32, CarriesEverythingBetweenNodesWithNamesFat32Keeps) {
    if (!have_tools())
        GTEST_SKIP() << "needs dosfstools and mtools (deploy/scripts/install-deps.sh)";
    baken::testing::TempDir dir;
    Fat32Stick stick(dir.path(), 40 * 1024);
    StickTestNode a("Gemeentehuis"), b("Steunpunt De Linde");
    auto from_a = a.post(50);
    auto from_b = b.post(30, 1000);
    EXPECT_EQ(stick.visit(a).written, 50u);
    auto at_b = stick.visit(b);
    EXPECT_EQ(at_b.accepted, 50u);
    EXPECT_EQ(at_b.written, 30u);
    auto back_at_a = stick.visit(a);
    EXPECT_EQ(back_at_a.accepted, 30u);
    EXPECT_EQ(back_at_a.written, 0u);
    for (const auto& id : from_b) EXPECT_TRUE(a.store->contains(id));
    for (const auto& id : from_a) EXPECT_TRUE(b.store->contains(id));
    std::string listing = stick.bundle_listing();
    EXPECT_NE(listing.find(at_b.written_file), std::string::npos) << listing;
}

TEST(StickOnFat32, ANearlyFullStickTakesTheMostUrgentAndSaysWhatDidNotFit) {
    if (!have_tools())
        GTEST_SKIP() << "needs dosfstools and mtools (deploy/scripts/install-deps.sh)";
    baken::testing::TempDir dir;
    Fat32Stick stick(dir.path(), 40 * 1024);
    // About 100 KB for bundles beyond what the visit keeps for the receipt and the index.
    stick.fill_leaving(StickVisitOptions{}.reserve_bytes + StickVisit::index_room(600) +
                       100 * 1024);
    StickTestNode a("Gemeentehuis");
    a.post(600);                   // about 250 KB; every third one flash
    auto report = stick.visit(a);  // the copy back onto the image must succeed
    EXPECT_GT(report.written, 150u);
    EXPECT_LT(report.written, 600u);
    EXPECT_EQ(report.left_behind.count(v1::FLASH), 0u) << "all 200 flash messages must fit";
    EXPECT_EQ(report.written + report.left_behind_total(), 600u);
}

}  // namespace
}  // namespace baken::bundle
