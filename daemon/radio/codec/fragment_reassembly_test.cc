#include "radio/codec/fragment_reassembly.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <string>
#include <vector>

namespace baken::radio {
namespace {

MessageTag tag_of(std::uint8_t n) {
    return MessageTag{n, 0xAA, 0xBB, 0xCC, 0xDD, n};
}

// Bytes that differ from position to position, so a chunk in the wrong place shows.
std::string payload_of(std::size_t size, std::uint8_t seed = 1) {
    std::string p(size, '\0');
    for (std::size_t i = 0; i < size; ++i) p[i] = static_cast<char>((i * 131 + seed) % 251);
    return p;
}

// A payload's fragments, and a way to hand them to a reassembly in any order.
struct Split {
    MessageTag tag;
    std::string payload;
    std::vector<std::string> chunks;

    Split(MessageTag t, std::string p, std::size_t max_chunk)
        : tag(t), payload(std::move(p)), chunks(split_payload(as_bytes(payload), max_chunk)) {}

    Fragment fragment(std::size_t i) const {
        return Fragment{tag, static_cast<std::uint32_t>(payload.size()),
                        static_cast<std::uint16_t>(i), static_cast<std::uint16_t>(chunks.size()),
                        as_bytes(chunks[i])};
    }
};

// Adds the fragments in `order`; returns the completed payloads.
std::vector<std::string> feed(FragmentReassembly& r, const Split& s,
                              const std::vector<std::size_t>& order, std::int64_t now = 0) {
    std::vector<std::string> done;
    for (std::size_t i : order) {
        auto result = r.add(s.fragment(i), now);
        EXPECT_TRUE(result.ok()) << "fragment " << i;
        if (result.ok() && result->has_value()) done.push_back(**result);
    }
    return done;
}

std::vector<std::size_t> in_order(std::size_t n) {
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    return order;
}

TEST(SplitRule, EdgeCases) {
    EXPECT_EQ(fragment_count(1, 200), 1);
    EXPECT_EQ(fragment_count(200, 200), 1);
    EXPECT_EQ(fragment_count(201, 200), 2);
    EXPECT_EQ(fragment_count(72 * 1024, 200), 369);

    EXPECT_EQ(split_payload(as_bytes("x"), 200), std::vector<std::string>{"x"});
    EXPECT_EQ(split_payload(as_bytes(payload_of(200)), 200).size(), 1u);
    // max_chunk + 1 splits evenly: 101 + 100, not 200 + 1.
    const auto two = split_payload(as_bytes(payload_of(201)), 200);
    ASSERT_EQ(two.size(), 2u);
    EXPECT_EQ(two[0].size(), 101u);
    EXPECT_EQ(two[1].size(), 100u);
}

TEST(SplitRule, ChunksConcatenateToThePayloadAndAreNeverLargerThanMaxChunk) {
    for (std::size_t total : {1u, 2u, 199u, 200u, 201u, 399u, 400u, 401u, 1000u, 72u * 1024}) {
        for (std::size_t max_chunk : {1u, 7u, 200u, 256u}) {
            if (total / max_chunk > 2000) continue;
            const std::string p = payload_of(total);
            const auto chunks = split_payload(as_bytes(p), max_chunk);
            ASSERT_EQ(chunks.size(), fragment_count(total, max_chunk));
            std::string joined;
            for (const auto& c : chunks) {
                EXPECT_LE(c.size(), max_chunk);
                EXPECT_FALSE(c.empty());
                joined += c;
            }
            EXPECT_EQ(joined, p) << total << " / " << max_chunk;
        }
    }
}

TEST(FragmentReassembly, OneFragmentCompletesAtOnceAndIsNeverBuffered) {
    FragmentReassembly r;
    const Split s(tag_of(1), "hello", 200);
    auto result = r.add(s.fragment(0), 0);
    ASSERT_TRUE(result.ok());
    ASSERT_TRUE(result->has_value());
    EXPECT_EQ(**result, "hello");
    EXPECT_FALSE(r.has_partial(s.tag));
    EXPECT_EQ(r.buffered_bytes(), 0u);
}

TEST(FragmentReassembly, CompletesInOrder) {
    FragmentReassembly r;
    const Split s(tag_of(1), payload_of(1000), 200);
    EXPECT_EQ(feed(r, s, in_order(5)), std::vector<std::string>{s.payload});
    EXPECT_FALSE(r.has_partial(s.tag));
    EXPECT_EQ(r.buffered_bytes(), 0u);
}

TEST(FragmentReassembly, CompletesReversed) {
    FragmentReassembly r;
    const Split s(tag_of(1), payload_of(1001), 200);
    auto order = in_order(6);
    std::reverse(order.begin(), order.end());
    EXPECT_EQ(feed(r, s, order), std::vector<std::string>{s.payload});
}

TEST(FragmentReassembly, CompletesShuffledWithDuplicates) {
    std::mt19937 rng(7);
    for (int round = 0; round < 20; ++round) {
        FragmentReassembly r;
        const Split s(tag_of(1), payload_of(72 * 1024, static_cast<std::uint8_t>(round)), 256);
        auto order = in_order(s.chunks.size());
        // Every fragment twice, some three times, all mixed up.
        auto extra = order;
        extra.resize(extra.size() / 3);
        const auto again = in_order(s.chunks.size());
        order.insert(order.end(), again.begin(), again.end());
        order.insert(order.end(), extra.begin(), extra.end());
        std::shuffle(order.begin(), order.end(), rng);
        EXPECT_EQ(feed(r, s, order), std::vector<std::string>{s.payload}) << round;
    }
}

TEST(FragmentReassembly, ADuplicateIsStoredOnceAndCountsAsHeard) {
    FragmentReassembly r;
    const Split s(tag_of(1), payload_of(600), 200);
    ASSERT_FALSE(r.add(s.fragment(1), 10)->has_value());
    ASSERT_FALSE(r.add(s.fragment(1), 20)->has_value());
    const auto partials = r.partials();
    ASSERT_EQ(partials.size(), 1u);
    EXPECT_EQ(partials[0].missing, (std::vector<std::uint16_t>{0, 2}));
    EXPECT_EQ(partials[0].first_heard_ms, 10);
    EXPECT_EQ(partials[0].last_heard_ms, 20);
    EXPECT_EQ(partials[0].count, 3);
}

TEST(FragmentReassembly, CompletesLaterWhenLostFragmentsAreResent) {
    FragmentReassembly r;
    const Split s(tag_of(1), payload_of(1000), 100);
    EXPECT_TRUE(feed(r, s, {0, 2, 3, 5, 6, 9}, 1000).empty());
    ASSERT_EQ(r.partials().size(), 1u);
    EXPECT_EQ(r.partials()[0].missing, (std::vector<std::uint16_t>{1, 4, 7, 8}));
    EXPECT_EQ(r.buffered_bytes(), 1000u);
    EXPECT_EQ(feed(r, s, {8, 1, 7, 4}, 60'000), std::vector<std::string>{s.payload});
    EXPECT_TRUE(r.partials().empty());
}

TEST(FragmentReassembly, KeepsSeveralPayloadsApart) {
    FragmentReassembly r;
    const Split a(tag_of(1), payload_of(500, 1), 100);
    const Split b(tag_of(2), payload_of(500, 2), 100);
    std::vector<std::string> done;
    for (std::size_t i = 0; i < 5; ++i) {
        for (const Split* s : {&a, &b}) {
            auto result = r.add(s->fragment(4 - i), 0);
            ASSERT_TRUE(result.ok());
            if (result->has_value()) done.push_back(**result);
        }
    }
    EXPECT_EQ(done, (std::vector<std::string>{a.payload, b.payload}));
}

TEST(FragmentReassembly, ConflictingHeadersAreRefusedAndThePartialKept) {
    FragmentReassembly r;
    const Split s(tag_of(1), payload_of(1000), 200);
    ASSERT_FALSE(r.add(s.fragment(0), 0)->has_value());
    const Split other_total(tag_of(1), payload_of(999), 200);
    const Split other_count(tag_of(1), payload_of(1000), 100);
    const Split single(tag_of(1), payload_of(10), 200);
    for (const Split* o : {&other_total, &other_count, &single}) {
        auto result = r.add(o->fragment(o->chunks.size() - 1), 0);
        ASSERT_FALSE(result.ok());
        EXPECT_EQ(result.error(), FragmentError::conflicting);
    }
    EXPECT_EQ(feed(r, s, {1, 2, 3, 4}), std::vector<std::string>{s.payload});
}

TEST(FragmentReassembly, BadHeadersAreRefused) {
    ReassemblyLimits limits;
    limits.max_payload_bytes = 10'000;
    limits.max_fragments = 50;
    FragmentReassembly r(limits);
    const std::string chunk(100, 'x');
    auto add = [&](std::uint32_t total, std::uint16_t index, std::uint16_t count,
                   std::size_t chunk_size) {
        return r.add(Fragment{tag_of(1), total, index, count, as_bytes(chunk).first(chunk_size)},
                     0);
    };
    for (auto result : {
             add(1000, 0, 0, 100),       // count 0
             add(1000, 10, 10, 100),     // index >= count
             add(0, 0, 1, 0),            // total 0
             add(10'001, 0, 101, 100),   // total > max_payload_bytes
             add(5100, 0, 51, 100),      // count > max_fragments
             add(10, 0, 6, 2),           // c = 2: 5 fragments cover 10, a 6th would be empty
             add(1000, 0, 10, 99),       // chunk too short
             add(1000, 9, 10, 100 - 1),  // last chunk too short
             add(950, 9, 10, 100),       // last chunk should be 95
             add(50, 0, 1, 49),          // a single fragment is the whole payload
         }) {
        ASSERT_FALSE(result.ok());
        EXPECT_EQ(result.error(), FragmentError::bad_header);
    }
    EXPECT_TRUE(r.partials().empty());
    EXPECT_EQ(r.buffered_bytes(), 0u);
    EXPECT_EQ(fragment_error_name(FragmentError::bad_header), "bad_header");
    EXPECT_EQ(fragment_error_name(FragmentError::conflicting), "conflicting");
}

TEST(FragmentReassembly, EvictsThePartialHeardFromLeastRecentlyWhenPartialsAreFull) {
    ReassemblyLimits limits;
    limits.max_partials = 3;
    FragmentReassembly r(limits);
    std::vector<Split> splits;
    for (std::uint8_t n = 0; n < 4; ++n) splits.emplace_back(tag_of(n), payload_of(400, n), 100);
    ASSERT_TRUE(r.add(splits[0].fragment(0), 100).ok());
    ASSERT_TRUE(r.add(splits[1].fragment(0), 200).ok());
    ASSERT_TRUE(r.add(splits[2].fragment(0), 300).ok());
    ASSERT_TRUE(r.add(splits[0].fragment(1), 400).ok());  // 0 is heard again: 1 is now oldest
    ASSERT_TRUE(r.add(splits[3].fragment(0), 500).ok());
    EXPECT_EQ(r.evicted(), 1u);
    EXPECT_TRUE(r.has_partial(splits[0].tag));
    EXPECT_FALSE(r.has_partial(splits[1].tag));
    EXPECT_TRUE(r.has_partial(splits[2].tag));
    EXPECT_TRUE(r.has_partial(splits[3].tag));
    EXPECT_EQ(r.partials().size(), 3u);
}

TEST(FragmentReassembly, BufferedBytesStayWithinTheLimit) {
    ReassemblyLimits limits;
    limits.max_buffered_bytes = 10'000;
    limits.max_payload_bytes = 8'000;
    FragmentReassembly r(limits);
    for (std::uint8_t n = 0; n < 40; ++n) {
        const Split s(tag_of(n), payload_of(1000 + 150 * n, n), 200);
        ASSERT_TRUE(r.add(s.fragment(0), n).ok());
        EXPECT_LE(r.buffered_bytes(), limits.max_buffered_bytes);
        EXPECT_TRUE(r.has_partial(s.tag)) << "the newest partial is kept";
    }
    EXPECT_GT(r.evicted(), 0u);
    EXPECT_LE(r.partials().size(), limits.max_partials);
}

TEST(FragmentReassembly, APayloadLargerThanTheBufferIsABadHeader) {
    ReassemblyLimits limits;
    limits.max_buffered_bytes = 1000;
    FragmentReassembly r(limits);
    const Split s(tag_of(1), payload_of(1001), 200);
    auto result = r.add(s.fragment(0), 0);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error(), FragmentError::bad_header);
}

TEST(FragmentReassembly, ExpiresPartialsNotHeardFromForGiveUpMs) {
    ReassemblyLimits limits;
    limits.give_up_ms = 1000;
    FragmentReassembly r(limits);
    const Split a(tag_of(1), payload_of(400), 100);
    const Split b(tag_of(2), payload_of(400), 100);
    ASSERT_TRUE(r.add(a.fragment(0), 0).ok());
    ASSERT_TRUE(r.add(b.fragment(0), 500).ok());
    EXPECT_EQ(r.expire(999), 0u);
    EXPECT_EQ(r.expire(1000), 1u);
    EXPECT_FALSE(r.has_partial(a.tag));
    EXPECT_TRUE(r.has_partial(b.tag));
    EXPECT_EQ(r.buffered_bytes(), 400u);
    EXPECT_EQ(r.expire(-5), 0u) << "a clock that went back expires nothing";
    EXPECT_EQ(r.expire(std::numeric_limits<std::int64_t>::max()), 1u);
    EXPECT_EQ(r.buffered_bytes(), 0u);
}

TEST(FragmentReassembly, DropForgetsAPartial) {
    FragmentReassembly r;
    const Split s(tag_of(1), payload_of(400), 100);
    ASSERT_TRUE(r.add(s.fragment(0), 0).ok());
    r.drop(s.tag);
    r.drop(tag_of(9));
    EXPECT_FALSE(r.has_partial(s.tag));
    EXPECT_EQ(r.buffered_bytes(), 0u);
    EXPECT_EQ(r.evicted(), 0u);
}

TEST(FragmentReassembly, PartialsAreListedOldestFirst) {
    FragmentReassembly r;
    const Split a(tag_of(5), payload_of(400), 100);
    const Split b(tag_of(1), payload_of(400), 100);
    ASSERT_TRUE(r.add(a.fragment(3), 10).ok());
    ASSERT_TRUE(r.add(b.fragment(0), 20).ok());
    const auto partials = r.partials();
    ASSERT_EQ(partials.size(), 2u);
    EXPECT_EQ(partials[0].tag, a.tag);
    EXPECT_EQ(partials[0].missing, (std::vector<std::uint16_t>{0, 1, 2}));
    EXPECT_EQ(partials[1].tag, b.tag);
}

}  // namespace
}  // namespace baken::radio
