#include "crypto/identity.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "support/temp_dir.h"

namespace baken {
namespace {

TEST(Identity, IsCreatedOnFirstLoadWithPrivateFileMode) {
    testing::TempDir dir;
    auto created = Identity::load_or_create(dir.path());
    ASSERT_TRUE(created) << created.error();
    struct stat st {};
    ASSERT_EQ(::stat((dir.path() / kNodeKeyFile).c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600);
}

TEST(Identity, IsTheSameAfterReloading) {
    testing::TempDir dir;
    auto first = Identity::load_or_create(dir.path());
    auto second = Identity::load_or_create(dir.path());
    ASSERT_TRUE(first && second);
    EXPECT_EQ(first->public_key(), second->public_key());
}

TEST(Identity, RefusesAKeyFileOthersCanRead) {
    testing::TempDir dir;
    ASSERT_TRUE(Identity::load_or_create(dir.path()));
    ::chmod((dir.path() / kNodeKeyFile).c_str(), 0644);
    auto loaded = Identity::load(dir.path());
    ASSERT_FALSE(loaded);
    EXPECT_NE(loaded.error().find("chmod 600"), std::string::npos);
}

TEST(Identity, RefusesADamagedKeyFile) {
    testing::TempDir dir;
    {
        std::ofstream f(dir.path() / kNodeKeyFile);
        f << "short";
    }
    ::chmod((dir.path() / kNodeKeyFile).c_str(), 0600);
    auto loaded = Identity::load(dir.path());
    ASSERT_FALSE(loaded);
    EXPECT_NE(loaded.error().find("damaged"), std::string::npos);
}

TEST(Identity, RefusesAKeyWhosePublicHalfDoesNotMatchItsSeed) {
    testing::TempDir dir;
    ASSERT_TRUE(Identity::load_or_create(dir.path()));
    {
        std::fstream f(dir.path() / kNodeKeyFile, std::ios::in | std::ios::out | std::ios::binary);
        f.seekg(40);
        char byte = static_cast<char>(f.get());
        f.seekp(40);
        f.put(static_cast<char>(byte ^ 0x01));  // one bit of the public half
    }
    auto loaded = Identity::load(dir.path());
    ASSERT_FALSE(loaded);
    EXPECT_NE(loaded.error().find("Restore it from backup"), std::string::npos) << loaded.error();
}

TEST(Identity, LeavesNoTemporaryFileBehind) {
    testing::TempDir dir;
    ASSERT_TRUE(Identity::load_or_create(dir.path()));
    int files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
        EXPECT_EQ(entry.path().filename(), kNodeKeyFile);
        ++files;
    }
    EXPECT_EQ(files, 1);
}

TEST(Fingerprint, IsFourGroupsOfUnambiguousCharacters) {
    auto id = Identity::generate();
    std::string fp = id.fingerprint();
    ASSERT_EQ(fp.size(), 19u) << fp;
    const std::string allowed = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
    for (std::size_t i = 0; i < fp.size(); ++i) {
        if (i % 5 == 4) {
            EXPECT_EQ(fp[i], '-') << fp;
        } else {
            EXPECT_NE(allowed.find(fp[i]), std::string::npos) << fp;
        }
    }
    EXPECT_NE(fp, Identity::generate().fingerprint());
}

}  // namespace
}  // namespace baken
