// SymbolEncoder and SymbolDecoder together: the peer encodes, we decode.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "sync/reconciliation/index_mapping.h"
#include "sync/reconciliation/key_list.h"
#include "sync/reconciliation/symbol_decoder.h"
#include "sync/reconciliation/symbol_encoder.h"
#include "sync/reconciliation/symbol_wire.h"
#include "sync/reconciliation/test_keys.h"

namespace baken::sync {
namespace {

using testing::make_pair;
using testing::random_keys;

std::vector<ShortKey> sorted(std::vector<ShortKey> keys) {
    std::sort(keys.begin(), keys.end());
    return keys;
}

struct Outcome {
    bool done = false;
    std::size_t symbols = 0;  // symbols the decoder took until done
    std::vector<ShortKey> remote_only, local_only;
};

// The peer holds `remote`, we hold `local`; the peer streams batches of `batch` symbols.
Outcome reconcile(const std::vector<ShortKey>& remote, const std::vector<ShortKey>& local,
                  std::size_t batch = 1, std::size_t max_symbols = kMaxSymbols) {
    SymbolEncoder encoder(remote);
    SymbolDecoder decoder(local, max_symbols);
    Outcome out;
    while (true) {
        std::vector<CodedSymbol> symbols;
        encoder.produce(batch, symbols);
        auto status = decoder.add_remote(symbols);
        if (!status.ok()) return out;
        if (*status == DecodeStatus::done) break;
    }
    out.done = true;
    out.symbols = decoder.received();
    out.remote_only = decoder.remote_only();
    out.local_only = decoder.local_only();
    return out;
}

void expect_difference(const Outcome& out, const testing::SetPair& p) {
    ASSERT_TRUE(out.done);
    EXPECT_EQ(out.remote_only, sorted(p.only_a));  // A is the remote (encoding) side
    EXPECT_EQ(out.local_only, sorted(p.only_b));
}

TEST(SymbolCodec, IdenticalSetsAreDoneAfterOneSymbol) {
    for (std::size_t n : {1u, 10u, 10000u}) {
        auto p = make_pair(n, 0, 0, n);
        Outcome out = reconcile(p.a, p.b);
        expect_difference(out, p);
        EXPECT_EQ(out.symbols, 1u) << n;
    }
}

TEST(SymbolCodec, TwoEmptySetsAreDoneAfterOneSymbol) {
    Outcome out = reconcile({}, {});
    ASSERT_TRUE(out.done);
    EXPECT_EQ(out.symbols, 1u);
    EXPECT_TRUE(out.remote_only.empty() && out.local_only.empty());
}

TEST(SymbolCodec, DifferenceOnlyOnTheRemoteSide) {
    auto p = make_pair(5000, 100, 0, 1);
    expect_difference(reconcile(p.a, p.b), p);
}

TEST(SymbolCodec, DifferenceOnlyOnTheLocalSide) {
    auto p = make_pair(5000, 0, 100, 2);
    expect_difference(reconcile(p.a, p.b), p);
}

TEST(SymbolCodec, DifferencesOnBothSides) {
    for (std::size_t d : {1u, 2u, 3u, 10u, 100u, 1000u}) {
        auto p = make_pair(5000, d / 2, d - d / 2, 100 + d);
        expect_difference(reconcile(p.a, p.b), p);
    }
}

TEST(SymbolCodec, TenThousandDifferences) {
    auto p = make_pair(20000, 5000, 5000, 3);
    Outcome out = reconcile(p.a, p.b, 500);
    expect_difference(out, p);
    EXPECT_LT(out.symbols, 10000u * 2);
}

TEST(SymbolCodec, FullTransferWhenOneSideIsEmpty) {
    auto p = make_pair(0, 3000, 0, 4);  // the peer has everything, we have nothing
    expect_difference(reconcile(p.a, p.b, 64), p);
    auto q = make_pair(0, 0, 3000, 5);  // we have everything, the peer nothing
    expect_difference(reconcile(q.a, q.b, 64), q);
}

TEST(SymbolCodec, NeedsAboutOneAndAHalfSymbolsPerDifference) {
    std::size_t total = 0;
    constexpr int kRuns = 20;
    for (int seed = 0; seed < kRuns; ++seed) {
        auto p = make_pair(2000, 50, 50, 1000 + seed);
        Outcome out = reconcile(p.a, p.b);
        expect_difference(out, p);
        total += out.symbols;
    }
    double per_difference = static_cast<double>(total) / (kRuns * 100);
    EXPECT_GT(per_difference, 1.0);
    EXPECT_LT(per_difference, 2.0);  // the paper: ~1.35-1.7 at d = 100
}

// Common keys cancel exactly: the symbols needed depend on the difference alone, not on the
// size of the stores (the benchmark relies on this to sample many seeds cheaply).
TEST(SymbolCodec, CommonKeysDoNotChangeTheSymbolsNeeded) {
    auto with_common = make_pair(5000, 7, 8, 17);
    testing::SetPair without;
    without.a = without.only_a = with_common.only_a;
    without.b = without.only_b = with_common.only_b;
    Outcome big = reconcile(with_common.a, with_common.b);
    Outcome small = reconcile(without.a, without.b);
    expect_difference(big, with_common);
    expect_difference(small, without);
    EXPECT_EQ(big.symbols, small.symbols);
}

TEST(SymbolCodec, BatchSizeDoesNotChangeTheResult) {
    auto p = make_pair(3000, 40, 60, 6);
    Outcome one = reconcile(p.a, p.b, 1);
    expect_difference(one, p);
    for (std::size_t batch : {2u, 7u, 50u, 1000u}) {
        Outcome out = reconcile(p.a, p.b, batch);
        expect_difference(out, p);
        // Decoding stops in the first batch that reaches the needed count.
        EXPECT_GE(out.symbols, one.symbols);
        EXPECT_LT(out.symbols, one.symbols + batch);
    }
}

TEST(SymbolCodec, SameKeysGiveTheSameSymbolsInAnyOrderAndBatching) {
    std::vector<ShortKey> keys = random_keys(2000, 7);
    std::vector<ShortKey> reordered = keys;
    std::reverse(reordered.begin(), reordered.end());
    reordered.push_back(keys[0]);  // a key given twice counts once

    SymbolEncoder whole(keys), pieces(reordered);
    std::vector<CodedSymbol> a, b;
    whole.produce(300, a);
    pieces.produce(1, b);
    pieces.produce(0, b);
    pieces.produce(99, b);
    pieces.produce(200, b);
    EXPECT_EQ(a, b);
    EXPECT_EQ(pieces.produced(), 300u);
    EXPECT_EQ(pieces.key_count(), 2000u);

    // Symbol 0 holds every key.
    CodedSymbol all;
    for (ShortKey k : keys) all.toggle(k, checksum_of(k));
    EXPECT_EQ(a[0], all);
}

TEST(SymbolCodec, MatchesTheDefinition) {
    std::vector<ShortKey> keys = random_keys(300, 8);
    std::vector<CodedSymbol> expected(200);
    for (ShortKey k : keys) {
        for (IndexMapping m(k); m.index() < expected.size(); m.advance()) {
            expected[m.index()].toggle(k, checksum_of(k));
        }
    }
    SymbolEncoder encoder(keys);
    std::vector<CodedSymbol> produced;
    encoder.produce(200, produced);
    EXPECT_EQ(produced, expected);
}

// Short-key collisions (short_key.h): a key both sides hold counts as common, whatever ids it
// names on each side. Here the peer holds ids x and y under one key, we hold x, and both hold
// z; the difference under that key stays hidden this session (the next salt separates them),
// while the other differences still decode.
TEST(SymbolCodec, ACollidingKeyLooksCommonAndTheRestStillDecodes) {
    testing::TestRandom random(9);
    MessageId x = random.id(), y = random.id(), z = random.id(), w = random.id();
    ShortKeyIndex theirs = ShortKeyIndex::from_entries({{7, x}, {7, y}, {8, z}, {9, w}});
    ShortKeyIndex ours = ShortKeyIndex::from_entries({{7, x}, {8, z}});
    std::vector<ShortKey> remote(theirs.keys().begin(), theirs.keys().end());
    std::vector<ShortKey> local(ours.keys().begin(), ours.keys().end());
    Outcome out = reconcile(remote, local);
    ASSERT_TRUE(out.done);
    EXPECT_EQ(out.remote_only, std::vector<ShortKey>{9});
    EXPECT_TRUE(out.local_only.empty());
    EXPECT_EQ(theirs.find(7).size(), 2u);  // a request for key 7 would send both x and y
}

// The whole exchange with real ids: salt, short keys, symbols over the wire in batches, the
// key request over the wire, and both sides turning keys back into ids.
TEST(SymbolCodec, EndToEndWithIdsAndKeyRequests) {
    testing::TestRandom random(15);
    std::vector<MessageId> common, only_a, only_b;
    for (int i = 0; i < 3000; ++i) common.push_back(random.id());
    for (int i = 0; i < 25; ++i) only_a.push_back(random.id());
    for (int i = 0; i < 30; ++i) only_b.push_back(random.id());
    std::vector<MessageId> a = common, b = common;
    a.insert(a.end(), only_a.begin(), only_a.end());
    b.insert(b.end(), only_b.begin(), only_b.end());

    SessionId session{};
    session.fill(0x11);
    Salt salt = salt_for_session(session);
    ShortKeyIndex index_a = ShortKeyIndex::build(a, salt);
    ShortKeyIndex index_b = ShortKeyIndex::build(b, salt);

    SymbolEncoder encoder(index_a.keys());
    SymbolDecoder decoder(index_b.keys(), symbol_budget(a.size(), b.size()));
    bool done = false;
    while (!done) {
        std::vector<CodedSymbol> batch;
        encoder.produce(16, batch);
        auto received = decode_symbols(as_bytes(encode_symbols(batch)), 16);
        ASSERT_TRUE(received.ok());
        auto status = decoder.add_remote(*received);
        ASSERT_TRUE(status.ok()) << status.error().reason;
        done = *status == DecodeStatus::done;
    }

    // B asks A for what it lacks; A resolves the keys to ids.
    auto request = decode_keys(as_bytes(encode_keys(decoder.remote_only())), 1000);
    ASSERT_TRUE(request.ok());
    std::vector<MessageId> sent_by_a;
    for (ShortKey key : *request) {
        for (const ShortKeyEntry& e : index_a.find(key)) sent_by_a.push_back(e.id);
    }
    // B sends what A lacks, unasked.
    std::vector<MessageId> sent_by_b;
    for (ShortKey key : decoder.local_only()) {
        for (const ShortKeyEntry& e : index_b.find(key)) sent_by_b.push_back(e.id);
    }
    std::sort(sent_by_a.begin(), sent_by_a.end());
    std::sort(sent_by_b.begin(), sent_by_b.end());
    std::sort(only_a.begin(), only_a.end());
    std::sort(only_b.begin(), only_b.end());
    EXPECT_EQ(sent_by_a, only_a);
    EXPECT_EQ(sent_by_b, only_b);
}

TEST(SymbolDecoder, IgnoresSymbolsAfterDone) {
    auto p = make_pair(1000, 3, 3, 10);
    SymbolEncoder encoder(p.a);
    SymbolDecoder decoder(p.b);
    std::vector<CodedSymbol> symbols;
    encoder.produce(200, symbols);
    auto status = decoder.add_remote(symbols);
    ASSERT_TRUE(status.ok());
    EXPECT_EQ(*status, DecodeStatus::done);
    std::size_t received = decoder.received();
    auto again = decoder.add_remote(symbols);  // in flight when we said stop
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, DecodeStatus::done);
    EXPECT_EQ(decoder.received(), received);
    EXPECT_EQ(decoder.remote_only(), sorted(p.only_a));
}

TEST(SymbolDecoder, RefusesABatchBeyondTheBudgetAndStaysFailed) {
    auto p = make_pair(1000, 200, 200, 11);
    SymbolEncoder encoder(p.a);
    SymbolDecoder decoder(p.b, 100);
    std::vector<CodedSymbol> symbols;
    encoder.produce(60, symbols);
    auto first = decoder.add_remote(symbols);
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(*first, DecodeStatus::need_more);
    symbols.clear();
    encoder.produce(41, symbols);
    auto over = decoder.add_remote(symbols);
    ASSERT_FALSE(over.ok());
    EXPECT_EQ(over.error().code, DecodeErrorCode::over_budget);
    EXPECT_EQ(decoder.received(), 60u);  // refused whole
    symbols.resize(1);
    auto later = decoder.add_remote(symbols);
    ASSERT_FALSE(later.ok());
    EXPECT_EQ(later.error().code, DecodeErrorCode::over_budget);
    EXPECT_FALSE(decoder.done());
}

TEST(SymbolDecoder, ReachingTheBudgetUndecodedIsOverBudget) {
    auto p = make_pair(1000, 200, 200, 16);
    SymbolEncoder encoder(p.a);
    SymbolDecoder decoder(p.b, 100);
    std::vector<CodedSymbol> symbols;
    encoder.produce(99, symbols);
    auto first = decoder.add_remote(symbols);
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(*first, DecodeStatus::need_more);
    symbols.clear();
    encoder.produce(1, symbols);
    auto later = decoder.add_remote(symbols);
    ASSERT_FALSE(later.ok());
    EXPECT_EQ(later.error().code, DecodeErrorCode::over_budget);
    EXPECT_FALSE(decoder.done());
}

TEST(SymbolDecoder, SurvivesRandomSymbols) {
    testing::TestRandom random(12);
    for (int run = 0; run < 20; ++run) {
        SymbolDecoder decoder(random_keys(500, 100 + run), 400);
        bool failed = false;
        while (!failed) {
            std::vector<CodedSymbol> symbols(37);
            for (auto& s : symbols) {
                s.key_sum = random.next() & kShortKeyMask;
                // Every other symbol pure, to make the decoder peel garbage.
                s.check_sum = (s.key_sum & 1) ? checksum_of(s.key_sum)
                                              : static_cast<std::uint32_t>(random.next() >> 40);
            }
            auto status = decoder.add_remote(symbols);
            failed = !status.ok();
            ASSERT_FALSE(status.ok() && *status == DecodeStatus::done);
        }
        EXPECT_LE(decoder.received(), 400u);
    }
}

TEST(SymbolDecoder, APureSymbolWhoseKeyDoesNotMapThereIsInconsistent) {
    // Find a key that does not map to symbol 1 (probability 1/3 each).
    ShortKey key = 0;
    for (ShortKey k : random_keys(100, 13)) {
        IndexMapping m(k);
        m.advance();
        if (m.index() != 1) {
            key = k;
            break;
        }
    }
    ASSERT_NE(key, 0u);
    CodedSymbol pure;
    pure.toggle(key, checksum_of(key));
    std::vector<CodedSymbol> symbols{pure, pure};  // symbol 0 is right, symbol 1 a lie
    SymbolDecoder decoder({});
    auto status = decoder.add_remote(symbols);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().code, DecodeErrorCode::inconsistent);
}

TEST(SymbolDecoder, EmptySymbolZeroWithResidueElsewhereIsInconsistent) {
    std::vector<CodedSymbol> symbols{CodedSymbol{}, CodedSymbol{42, 42}};
    SymbolDecoder decoder({});
    auto status = decoder.add_remote(symbols);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().code, DecodeErrorCode::inconsistent);
    EXPECT_FALSE(decoder.add_remote(symbols).ok());
}

TEST(SymbolDecoder, EmptyBatchChangesNothing) {
    SymbolDecoder decoder(random_keys(10, 14));
    auto status = decoder.add_remote({});
    ASSERT_TRUE(status.ok());
    EXPECT_EQ(*status, DecodeStatus::need_more);
    EXPECT_EQ(decoder.received(), 0u);
}

TEST(SymbolBudget, IsTheKeyListBreakEvenWithinBounds) {
    EXPECT_EQ(symbol_budget(0, 100000), 64u);
    EXPECT_EQ(symbol_budget(100000, 90000), 64u + 56250u);  // 5/8: a key is 5 bytes, a symbol 8
    EXPECT_EQ(symbol_budget(1ull << 40, 1ull << 40), kMaxSymbols);
}

}  // namespace
}  // namespace baken::sync
