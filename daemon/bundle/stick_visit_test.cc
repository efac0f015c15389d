// Stick mode: a stick carried between nodes in any order brings every node up to date, a
// second visit writes only the delta, a full stick takes the most urgent first, and whatever
// is on the stick (damaged bundles, a half-written .part, a broken index) never harms a node.
#include "bundle/stick_visit.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include <sys/stat.h>

#include "bundle/bundle_test_support.h"
#include "bundle/stick_test_node.h"

namespace baken::bundle {
namespace {

namespace fs = std::filesystem;
using testing::StickTestNode;

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), {});
}

TEST(StickVisit, TwoRoundsInAnyOrderOfVisitsDeliverEverythingEverywhere) {
    std::vector<int> order = {0, 1, 2};
    do {
        StickTestNode a("Gemeentehuis"), b("Steunpunt De Linde"), c("Veiligheidsregio");
        std::vector<StickTestNode*> nodes = {&a, &b, &c};
        std::vector<MessageId> all;
        int serial = 0;
        for (auto* node : nodes) {
            auto ids = node->post(4, serial);
            serial += 100;
            all.insert(all.end(), ids.begin(), ids.end());
        }
        baken::testing::TempDir stick;
        for (int round = 0; round < 2; ++round)
            for (int i : order) nodes[static_cast<std::size_t>(i)]->visit(stick.path());
        for (auto* node : nodes) {
            for (const auto& id : all)
                EXPECT_TRUE(node->store->contains(id))
                    << node->name << " order " << order[0] << order[1] << order[2];
        }
    } while (std::next_permutation(order.begin(), order.end()));
}

TEST(StickVisit, ASecondVisitWritesOnlyWhatTheStickLacks) {
    StickTestNode a("Gemeentehuis");
    a.post(5);
    baken::testing::TempDir stick;
    auto first = a.visit(stick.path());
    EXPECT_EQ(first.written, 5u);
    auto second = a.visit(stick.path());
    EXPECT_EQ(second.written, 0u);
    EXPECT_TRUE(second.written_file.empty());
    a.post(2, 50);
    auto third = a.visit(stick.path());
    EXPECT_EQ(third.written, 2u);
    EXPECT_EQ(third.accepted, 0u);  // the stick held only what came from here
}

TEST(StickVisit, ANearlyFullStickGetsTheMostUrgentFirstAndTheReceiptSaysWhatDidNotFit) {
    StickTestNode a("Gemeentehuis");
    a.post(9);  // serials 0, 3, 6 are flash
    // Measure what the header and the three flash records take on a stick with room to spare.
    baken::testing::TempDir roomy;
    auto all = a.visit(roomy.path());
    std::string written = read_text(roomy.path() / "baken" / "bundles" / all.written_file);
    std::vector<std::uint64_t> ends;
    for (const auto& e : testing::read_all(written, 1 << 20))
        if (auto* m = std::get_if<MessageRecordRead>(&e))
            ends.push_back(m->offset + BundleWriter::record_bytes(m->envelope_bytes.size()));
    ASSERT_EQ(ends.size(), 9u);
    // Room for exactly the header, three messages and the trailer, plus the reserve.
    baken::testing::TempDir stick;
    std::uint64_t free = StickVisitOptions{}.reserve_bytes + StickVisit::index_room(9) + ends[2] +
                         kMaxTrailerRecordBytes;
    auto report = a.visit(stick.path(), free);
    EXPECT_EQ(report.written, 3u);
    EXPECT_EQ(report.left_behind_total(), 6u);
    EXPECT_EQ(report.left_behind.count(v1::FLASH), 0u);  // every flash message went
    EXPECT_EQ(report.left_behind[v1::ROUTINE], 6u);
    std::string receipt = read_text(stick.path() / "baken" / "receipts" / report.receipt_file);
    EXPECT_NE(receipt.find("DID NOT FIT"), std::string::npos) << receipt;
    EXPECT_NE(receipt.find("6 routine"), std::string::npos) << receipt;
}

TEST(StickVisit, TheReceiptSaysWhatCameInWhatWentOutAndThatTheStickMayBeRemoved) {
    StickTestNode a("Gemeentehuis"), b("Steunpunt De Linde");
    a.post(3);
    b.post(2, 10);
    baken::testing::TempDir stick;
    a.visit(stick.path());
    auto report = b.visit(stick.path());
    EXPECT_EQ(report.accepted, 3u);
    EXPECT_EQ(report.written, 2u);
    EXPECT_TRUE(report.finished);
    std::string receipt = read_text(stick.path() / "baken" / "receipts" / report.receipt_file);
    EXPECT_NE(receipt.find("3 new"), std::string::npos) << receipt;
    EXPECT_NE(receipt.find("says it is from Gemeentehuis, key"), std::string::npos) << receipt;
    EXPECT_NE(receipt.find("2 messages, "), std::string::npos) << receipt;
    EXPECT_NE(receipt.find("may be removed"), std::string::npos) << receipt;
}

TEST(StickVisit, AHalfWrittenPartFileIsRemovedAndNeverRead) {
    StickTestNode a("Gemeentehuis");
    baken::testing::TempDir stick;
    fs::create_directories(stick.path() / "baken" / "bundles");
    std::ofstream(stick.path() / "baken" / "bundles" / "0011223344556677-1.bkn.part") << "half";
    auto report = a.visit(stick.path());
    EXPECT_TRUE(report.imported.empty());
    EXPECT_FALSE(fs::exists(stick.path() / "baken" / "bundles" / "0011223344556677-1.bkn.part"));
}

TEST(StickVisit, ADamagedBundleOnTheStickIsReportedAndTheRestStillImported) {
    StickTestNode a("Gemeentehuis"), b("Steunpunt De Linde");
    auto ids = a.post(6);
    baken::testing::TempDir stick;
    auto written = a.visit(stick.path());
    fs::path bundle = stick.path() / "baken" / "bundles" / written.written_file;
    std::string bytes = read_text(bundle);
    bytes.resize(bytes.size() - 700);  // the end of the file is lost
    std::ofstream(bundle, std::ios::binary | std::ios::trunc) << bytes;
    b.post(1, 40);
    auto report = b.visit(stick.path());
    ASSERT_EQ(report.imported.size(), 1u);
    const ImportReport& imported = report.imported[0].report;
    EXPECT_GE(imported.accepted, 4u);
    ASSERT_FALSE(imported.damage.empty());
    EXPECT_EQ(imported.damage.back().kind, DamageKind::truncated);
    std::string receipt = read_text(stick.path() / "baken" / "receipts" / report.receipt_file);
    EXPECT_NE(receipt.find("DAMAGE at byte"), std::string::npos) << receipt;
}

TEST(StickVisit, AStickWhoseFoldersAreSymbolicLinksIsNotWrittenTo) {
    StickTestNode a("Gemeentehuis");
    a.post(2);
    baken::testing::TempDir stick, elsewhere;
    fs::create_directories(stick.path() / "baken");
    std::ofstream(elsewhere.path() / "precious.part") << "not the stick's";
    fs::create_directory_symlink(elsewhere.path(), stick.path() / "baken" / "bundles");
    auto report = a.visit(stick.path());
    EXPECT_TRUE(report.finished);
    ASSERT_EQ(report.problems.size(), 1u);
    EXPECT_NE(report.problems[0].find("symbolic link"), std::string::npos) << report.problems[0];
    EXPECT_EQ(report.written, 0u);
    EXPECT_TRUE(fs::exists(elsewhere.path() / "precious.part"));
    EXPECT_EQ(std::distance(fs::directory_iterator(elsewhere.path()), fs::directory_iterator()), 1);
}

TEST(StickVisit, WhatADeletedBundleHeldIsWrittenAgainWhateverTheIndexSays) {
    StickTestNode a("Gemeentehuis");
    a.post(4);
    baken::testing::TempDir stick;
    auto first = a.visit(stick.path());
    fs::remove(stick.path() / "baken" / "bundles" / first.written_file);  // "to free space"
    auto again = a.visit(stick.path());
    EXPECT_EQ(again.written, 4u);
    ASSERT_EQ(again.problems.size(), 1u);
    EXPECT_NE(again.problems[0].find("no longer in the stick's bundles"), std::string::npos)
        << again.problems[0];
}

TEST(StickVisit, AnIndexThatIsNotARegularFileIsNeverOpenedForReading) {
    StickTestNode a("Gemeentehuis");
    a.post(1);
    baken::testing::TempDir stick;
    fs::create_directories(stick.path() / "baken");
    // A pipe would block a plain open() for ever.
    ASSERT_EQ(::mkfifo((stick.path() / "baken" / "index.bin").c_str(), 0644), 0);
    auto report = a.visit(stick.path());
    EXPECT_TRUE(report.finished);
    EXPECT_EQ(report.written, 1u);
}

TEST(StickVisit, ABrokenIndexIsRebuiltFromTheBundles) {
    StickTestNode a("Gemeentehuis");
    a.post(4);
    baken::testing::TempDir stick;
    a.visit(stick.path());
    std::ofstream(stick.path() / "baken" / "index.bin", std::ios::trunc) << "rubbish";
    auto report = a.visit(stick.path());
    EXPECT_EQ(report.written, 0u);  // the bundles show the stick already carries all four
    ASSERT_EQ(report.problems.size(), 1u);
    EXPECT_NE(report.problems[0].find("index"), std::string::npos);
}

}  // namespace
}  // namespace baken::bundle
