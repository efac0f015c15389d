#include "trust/sealed_content.h"

#include <gtest/gtest.h>

namespace baken::trust {
namespace {

constexpr const char* kSecret = "Mevrouw J. de Vries, Dorpsstraat 12, insuline in de koelkast";

TEST(SealedContent, OnlyARecipientOpensIt) {
    Identity author = Identity::generate(), region = Identity::generate(),
             municipality = Identity::generate(), relay = Identity::generate();
    std::vector<PublicKey> to = {region.public_key(), municipality.public_key()};
    auto sealed = seal(kSecret, to, author.public_key());
    ASSERT_TRUE(sealed) << sealed.error();
    EXPECT_EQ(sealed->recipients_size(), 2);
    EXPECT_EQ(open_sealed(*sealed, region, author.public_key()), kSecret);
    EXPECT_EQ(open_sealed(*sealed, municipality, author.public_key()), kSecret);
    EXPECT_EQ(open_sealed(*sealed, relay, author.public_key()), std::nullopt);
    EXPECT_EQ(sealed->SerializeAsString().find("Dorpsstraat"), std::string::npos);
}

TEST(SealedContent, IsBoundToItsAuthorAndToEveryByte) {
    Identity author = Identity::generate(), region = Identity::generate();
    std::vector<PublicKey> to = {region.public_key()};
    auto sealed = seal(kSecret, to, author.public_key());
    ASSERT_TRUE(sealed);
    EXPECT_EQ(open_sealed(*sealed, region, Identity::generate().public_key()), std::nullopt);
    v1::Sealed altered = *sealed;
    altered.mutable_ciphertext()->back() ^= 1;
    EXPECT_EQ(open_sealed(altered, region, author.public_key()), std::nullopt);
}

TEST(SealedContent, NeedsRecipients) {
    EXPECT_FALSE(seal(kSecret, {}, Identity::generate().public_key()));
}

}  // namespace
}  // namespace baken::trust
