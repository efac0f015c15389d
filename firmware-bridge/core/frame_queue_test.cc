// FrameQueue: urgent first, oldest first within a precedence, displacement and refusal when
// full, ageing out; classify_payload on Baken link frames and on anything else.
#include "core/frame_queue.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace baken::modem {
namespace {

using Bytes = std::vector<std::uint8_t>;
using Result = FrameQueue::PushResult;

// A one-byte frame whose byte names it, so the order they leave in is easy to read.
Result push(FrameQueue& q, Precedence p, std::uint8_t name, std::uint64_t now_ms = 0) {
    return q.push(p, &name, 1, now_ms);
}

// Pops everything (at most the capacity) and returns the frames' names in order.
Bytes drain(FrameQueue& q) {
    Bytes names;
    for (std::size_t i = 0; i < FrameQueue::kCapacity && !q.empty(); ++i) {
        names.push_back(q.front()->data[0]);
        q.pop();
    }
    return names;
}

constexpr Precedence kNormal = Precedence::normal;
constexpr Precedence kUrgent = Precedence::urgent;

TEST(FrameQueue, IsEmptyAtFirst) {
    FrameQueue q;
    EXPECT_TRUE(q.empty());
    EXPECT_EQ(q.front(), nullptr);
}

TEST(FrameQueue, SendsUrgentFramesFirstAndFifoWithinAPrecedence) {
    FrameQueue q;
    push(q, kNormal, 1);
    push(q, kUrgent, 2);
    push(q, kNormal, 3);
    push(q, kUrgent, 4);
    push(q, kNormal, 5);
    EXPECT_EQ(q.size(), 5u);
    EXPECT_EQ(drain(q), (Bytes{2, 4, 1, 3, 5}));
    EXPECT_TRUE(q.empty());
}

TEST(FrameQueue, KeepsFifoOrderAcrossSlotsFreedInTheMiddle) {
    FrameQueue q;
    for (std::uint8_t i = 0; i < 4; ++i) push(q, kNormal, i);
    q.pop();  // 0 leaves: its slot is reused by 4, which must still go last
    push(q, kNormal, 4);
    EXPECT_EQ(drain(q), (Bytes{1, 2, 3, 4}));
}

TEST(FrameQueue, CopiesTheFrameAndItsTime) {
    FrameQueue q;
    Bytes frame(kMaxLoraPayload);
    for (std::size_t i = 0; i < frame.size(); ++i) frame[i] = static_cast<std::uint8_t>(i);
    ASSERT_EQ(q.push(kNormal, frame.data(), frame.size(), 1234), Result::queued);
    frame[0] = 99;  // the queue holds its own copy
    const QueuedFrame* f = q.front();
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->length, kMaxLoraPayload);
    EXPECT_EQ(f->queued_at_ms, 1234u);
    EXPECT_EQ(f->precedence, kNormal);
    EXPECT_EQ(f->data[0], 0);
    EXPECT_EQ(f->data[254], 254);
}

TEST(FrameQueue, RefusesEmptyAndTooLongFrames) {
    FrameQueue q;
    const Bytes too_long(kMaxLoraPayload + 1, 1);
    EXPECT_EQ(q.push(kUrgent, too_long.data(), too_long.size(), 0), Result::refused_size);
    EXPECT_EQ(q.push(kUrgent, too_long.data(), 0, 0), Result::refused_size);
    EXPECT_TRUE(q.empty());
}

TEST(FrameQueue, AnUrgentFrameDisplacesTheNewestNormalFrameWhenFull) {
    FrameQueue q;
    for (std::uint8_t i = 0; i < FrameQueue::kCapacity; ++i)
        ASSERT_EQ(push(q, kNormal, i), Result::queued);
    EXPECT_EQ(push(q, kUrgent, 100), Result::queued_displacing);
    EXPECT_EQ(q.size(), FrameQueue::kCapacity);
    Bytes expected = {100};
    for (std::uint8_t i = 0; i < FrameQueue::kCapacity - 1; ++i) expected.push_back(i);
    EXPECT_EQ(drain(q), expected);  // 15, the newest normal frame, is gone
}

TEST(FrameQueue, RefusesANormalFrameWhenFull) {
    FrameQueue q;
    for (std::uint8_t i = 0; i < FrameQueue::kCapacity; ++i) push(q, kNormal, i);
    EXPECT_EQ(push(q, kNormal, 100), Result::refused_full);
    EXPECT_EQ(q.front()->data[0], 0);
    EXPECT_EQ(q.size(), FrameQueue::kCapacity);
}

TEST(FrameQueue, RefusesAnUrgentFrameWhenFullOfUrgentFrames) {
    FrameQueue q;
    for (std::uint8_t i = 0; i < FrameQueue::kCapacity; ++i) push(q, kUrgent, i);
    EXPECT_EQ(push(q, kUrgent, 100), Result::refused_full);
    Bytes expected;
    for (std::uint8_t i = 0; i < FrameQueue::kCapacity; ++i) expected.push_back(i);
    EXPECT_EQ(drain(q), expected);
}

TEST(FrameQueue, UrgentFramesDisplaceNormalOnesUntilNoneIsLeft) {
    FrameQueue q;
    for (std::uint8_t i = 0; i < FrameQueue::kCapacity; ++i) push(q, kNormal, i);
    for (std::uint8_t i = 0; i < FrameQueue::kCapacity; ++i)
        ASSERT_EQ(push(q, kUrgent, 100 + i), Result::queued_displacing);
    EXPECT_EQ(push(q, kUrgent, 200), Result::refused_full);
    EXPECT_EQ(q.front()->data[0], 100);
}

TEST(FrameQueue, DropsFramesOlderThanTheMaximumAge) {
    FrameQueue q;
    push(q, kUrgent, 1, 1000);
    push(q, kNormal, 2, 2000);
    push(q, kNormal, 3, 3000);
    EXPECT_EQ(q.drop_older_than(5000, 3000), 1u);  // queued before 2000: only 1
    EXPECT_EQ(drain(q), (Bytes{2, 3}));
}

TEST(FrameQueue, DropsNothingBeforeTheMaximumAgeHasPassedSinceTimeZero) {
    FrameQueue q;
    push(q, kNormal, 1, 0);
    EXPECT_EQ(q.drop_older_than(100, 3000), 0u);
    EXPECT_EQ(q.size(), 1u);
}

TEST(FrameQueue, KeepsOrderAcrossManyMoreFramesThanItsCapacity) {
    FrameQueue q;
    std::uint8_t next_in = 0;
    std::uint8_t next_out = 0;
    for (int i = 0; i < 1000; ++i) {
        ASSERT_EQ(push(q, kNormal, next_in++), Result::queued);
        if (q.size() == 8) {
            ASSERT_EQ(q.front()->data[0], next_out++);
            q.pop();
        }
    }
    EXPECT_EQ(q.size(), 7u);
    EXPECT_EQ(next_out, static_cast<std::uint8_t>(1000 - 7));  // none lost, none repeated
}

// A Baken link frame: magic, type, sender, some body, 2 check bytes.
Bytes link_frame(std::uint8_t type) {
    return {0xBA, type, 0x11, 0x22, 0x33, 0x44, 'b', 'o', 'd', 'y', 0xAB, 0xCD};
}

// An AX.25 UI frame from PA3XYZ-7 to BAKEN (what the daemon sends with a callsign).
Bytes ax25_ui(const Bytes& info, std::uint8_t pid = 0xF0) {
    Bytes f = {'B' << 1, 'A' << 1, 'K' << 1, 'E' << 1, 'N' << 1, ' ' << 1, 0xE0, 'P' << 1,
               'A' << 1, '3' << 1, 'X' << 1, 'Y' << 1, 'Z' << 1, 0x6F,     0x03, pid};
    // push_back, not insert: g++ 12 -O3 warns falsely about insert() of an empty range here.
    for (std::uint8_t b : info) f.push_back(b);
    return f;
}

Precedence classify(const Bytes& b) {
    return classify_payload(b.data(), b.size());
}

TEST(ClassifyPayload, UrgentDataLinkFrameIsUrgent) {
    EXPECT_EQ(classify(link_frame(0x25)), kUrgent);
    EXPECT_EQ(classify(link_frame(0x35)), kUrgent);  // urgent and deflated
    EXPECT_EQ(classify({0xBA, 0x25}), kUrgent);      // the header is all that is read
}

TEST(ClassifyPayload, OtherLinkFramesAreNormal) {
    EXPECT_EQ(classify(link_frame(0x15)), kNormal);  // deflated data, not urgent
    EXPECT_EQ(classify(link_frame(0x05)), kNormal);
    EXPECT_EQ(classify(link_frame(0x01)), kNormal);  // summary
    EXPECT_EQ(classify(link_frame(0x07)), kNormal);  // missing
    EXPECT_EQ(classify(link_frame(0x21)), kNormal);  // urgent flag on a non-data frame
}

TEST(ClassifyPayload, ForeignPayloadsAreNormal) {
    EXPECT_EQ(classify({}), kNormal);
    EXPECT_EQ(classify({0xBA}), kNormal);
    EXPECT_EQ(classify({0x25, 0xBA}), kNormal);
    Bytes other = link_frame(0x25);
    other[0] = 0xBB;
    EXPECT_EQ(classify(other), kNormal);
    const Bytes aprs = {'!', '5', '2', '1', '0', '.', '0', '0', 'N'};
    EXPECT_EQ(classify(aprs), kNormal);
}

TEST(ClassifyPayload, LooksInsideAnAx25UiFrame) {
    EXPECT_EQ(classify(ax25_ui(link_frame(0x25))), kUrgent);
    EXPECT_EQ(classify(ax25_ui(link_frame(0x15))), kNormal);
    EXPECT_EQ(classify(ax25_ui(link_frame(0x25), 0xCC)), kNormal);  // not PID 0xF0
    Bytes cut = ax25_ui({});
    cut.resize(15);  // no PID
    EXPECT_EQ(classify(cut), kNormal);
}

TEST(ClassifyPayload, LooksPastDigipeaterAddresses) {
    Bytes f = ax25_ui(link_frame(0x25));
    f[13] &= 0xFE;  // the source is no longer the last address: a digipeater follows
    const Bytes digi = {'W' << 1, 'I' << 1, 'D' << 1, 'E' << 1, '1' << 1, ' ' << 1, 0x63};
    f.insert(f.begin() + 14, digi.begin(), digi.end());
    EXPECT_EQ(classify(f), kUrgent);
}

TEST(ClassifyPayload, GivesUpOnAnAddressFieldThatNeverEnds) {
    Bytes f(7 * 12, 'A' << 1);  // no end bit in twelve addresses
    const Bytes tail = {0x03, 0xF0};
    f.insert(f.end(), tail.begin(), tail.end());
    const Bytes link = link_frame(0x25);
    f.insert(f.end(), link.begin(), link.end());
    EXPECT_EQ(classify(f), kNormal);
}

}  // namespace
}  // namespace baken::modem
