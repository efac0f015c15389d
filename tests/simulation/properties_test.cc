// The checks must catch what they claim to: a store holding a forgery, or a message nobody
// posted, fails property 1; a store holding only posted messages passes.
#include "simulation/properties.h"

#include <gtest/gtest.h>

#include "simulation/forgery.h"
#include "support/sample_messages.h"
#include "support/temp_dir.h"

namespace baken::sim {
namespace {

Identity identity(std::uint8_t n) {
    std::array<std::uint8_t, 32> seed{};
    seed[0] = n;
    return Identity::from_seed(seed);
}

struct StoreFixture {
    testing::TempDir dir;
    std::unique_ptr<Store> store = std::move(Store::open({dir.path() / "s", 64ull << 20})).value();
    void put(const DecodedMessage& m) {
        store->put(m, testing::kSampleNowMs, testing::kSampleNowMs);
    }
};

TEST(Properties, PostedMessagesPass) {
    StoreFixture f;
    Ledger ledger;
    DecodedMessage m = testing::signed_sitrep(identity(1), 1);
    ledger.record_valid(m.id, m.message.expires_ms(), m.envelope_bytes.size());
    f.put(m);
    EXPECT_TRUE(check_store(*f.store, ledger, true).empty());
}

TEST(Properties, EveryForgeryIsCaught) {
    SimRandom random(3);
    for (int k = 0; k < kForgeryKinds; ++k) {
        StoreFixture f;
        Ledger ledger;
        DecodedMessage forged = forge(static_cast<Forgery>(k), identity(1), identity(2), 7,
                                      testing::kSampleNowMs, random);
        ledger.record_forged(forged.id);
        f.put(forged);
        EXPECT_FALSE(check_store(*f.store, ledger, true).empty())
            << forgery_name(static_cast<Forgery>(k));
        // And by re-verification alone, even if the ledger were wrong about it: signature,
        // author, structure — all judged at the time the message arrived.
        Ledger fooled;
        fooled.record_valid(forged.id, forged.message.expires_ms(), forged.envelope_bytes.size());
        EXPECT_FALSE(check_store(*f.store, fooled, true).empty())
            << forgery_name(static_cast<Forgery>(k));
    }
}

TEST(Properties, AMessageNobodyPostedIsCaught) {
    StoreFixture f;
    Ledger ledger;
    f.put(testing::signed_sitrep(identity(1), 2));
    EXPECT_FALSE(check_store(*f.store, ledger, false).empty());
}

}  // namespace
}  // namespace baken::sim
