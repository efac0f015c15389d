#include "trust/root_key_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "support/temp_dir.h"

namespace baken::trust {
namespace {

TEST(RootKeyFile, OpensWithThePassphraseItWasWrittenWith) {
    testing::TempDir dir;
    Identity root = Identity::generate();
    auto path = dir.path() / "region-root.key";
    ASSERT_TRUE(write_root_key_file(path, root, "correct horse", PassphraseCost::minimum()));
    struct stat st {};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    auto opened = read_root_key_file(path, "correct horse");
    ASSERT_TRUE(opened) << opened.error();
    EXPECT_EQ(opened->public_key(), root.public_key());
}

TEST(RootKeyFile, AWrongPassphraseOrADamagedFileOpensNothing) {
    testing::TempDir dir;
    auto path = dir.path() / "region-root.key";
    ASSERT_TRUE(write_root_key_file(path, Identity::generate(), "correct horse",
                                    PassphraseCost::minimum()));
    auto wrong = read_root_key_file(path, "correct horsf");
    ASSERT_FALSE(wrong);
    EXPECT_NE(wrong.error().find("wrong passphrase"), std::string::npos) << wrong.error();

    std::string bytes;
    {
        std::ifstream in(path, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    bytes.back() ^= 1;
    auto damaged_path = dir.path() / "damaged.key";
    std::ofstream(damaged_path, std::ios::binary) << bytes;
    EXPECT_FALSE(read_root_key_file(damaged_path, "correct horse"));
    std::ofstream(dir.path() / "short.key", std::ios::binary) << bytes.substr(0, 40);
    auto short_file = read_root_key_file(dir.path() / "short.key", "correct horse");
    ASSERT_FALSE(short_file);
    EXPECT_NE(short_file.error().find("not a Baken region root"), std::string::npos);
}

TEST(RootKeyFile, IsNeverOverwrittenAndNeedsARealPassphrase) {
    testing::TempDir dir;
    auto path = dir.path() / "region-root.key";
    EXPECT_FALSE(
        write_root_key_file(path, Identity::generate(), "short", PassphraseCost::minimum()));
    ASSERT_TRUE(write_root_key_file(path, Identity::generate(), "correct horse",
                                    PassphraseCost::minimum()));
    auto again =
        write_root_key_file(path, Identity::generate(), "correct horse", PassphraseCost::minimum());
    ASSERT_FALSE(again);
    EXPECT_NE(again.error().find("never overwritten"), std::string::npos) << again.error();
}

}  // namespace
}  // namespace baken::trust
