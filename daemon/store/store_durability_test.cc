// Pins down the durability contract of store.h: a message the store reported stored
// survives the writer being killed with SIGKILL at an arbitrary moment.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <set>
#include <thread>

#include "message/envelope_codec.h"
#include "store/store.h"
#include "support/sample_messages.h"
#include "support/temp_dir.h"

namespace baken {
namespace {

// The child stores messages one by one and, after each durable put, writes the id to the
// pipe: that write is its acknowledgement. It never exits by itself.
[[noreturn]] void run_writer(const std::filesystem::path& dir, int ack_fd) {
    auto store = Store::open({dir, 64ull << 20});
    if (!store) _exit(2);
    Identity author = Identity::generate();
    for (int i = 0; i < 100000; ++i) {
        auto m = testing::signed_sitrep(author, i);
        if ((*store)->put(m, 0, testing::kSampleNowMs).status != PutStatus::stored) _exit(3);
        if (::write(ack_fd, m.id.data(), m.id.size()) != static_cast<ssize_t>(m.id.size()))
            _exit(4);
    }
    _exit(5);
}

TEST(StoreDurability, EveryAcknowledgedMessageSurvivesKillNine) {
    testing::TempDir dir;
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        ::close(fds[0]);
        run_writer(dir.path(), fds[1]);
    }
    ::close(fds[1]);

    // Read acknowledgements for a while, then kill the writer mid-stream.
    std::set<MessageId> acknowledged;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    MessageId id;
    while (acknowledged.size() < 200 && std::chrono::steady_clock::now() < deadline) {
        if (::read(fds[0], id.data(), id.size()) != static_cast<ssize_t>(id.size())) break;
        acknowledged.insert(id);
    }
    ::kill(child, SIGKILL);
    // Acks already in the pipe were sent after their commit: they count too.
    while (::read(fds[0], id.data(), id.size()) == static_cast<ssize_t>(id.size()))
        acknowledged.insert(id);
    int status = 0;
    ::waitpid(child, &status, 0);
    ::close(fds[0]);
    ASSERT_TRUE(WIFSIGNALED(status)) << "writer ended by itself with status " << status;
    ASSERT_GE(acknowledged.size(), 10u);

    auto store = Store::open({dir.path(), 64ull << 20});
    ASSERT_TRUE(store) << store.error();
    for (const auto& acked : acknowledged) {
        auto got = (*store)->get(acked);
        ASSERT_TRUE(got) << "acknowledged message lost: " << to_hex(acked);
        auto decoded = decode_envelope(as_bytes(got->envelope_bytes));
        ASSERT_TRUE(decoded);
        EXPECT_EQ(decoded->id, acked);
    }
    EXPECT_GE((*store)->stats().message_count, acknowledged.size());
}

}  // namespace
}  // namespace baken
