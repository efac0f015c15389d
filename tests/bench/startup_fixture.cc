// The fixture of startup_bench (startup_fixture.h): picture_bench's mix of messages signed by
// kFixtureAuthors authors and stored through the ValidationPath in batches, as a peer's batches
// would be, with a stamp that says which generator made it and when.
#include "startup_fixture.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <random>
#include <span>
#include <utility>
#include <vector>

#include "bench_support.h"
#include "common/clock.h"
#include "message/envelope_codec.h"
#include "support/sample_messages.h"

namespace baken::bench {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int kFixtureVersion = 1;  // bump when the generator below changes
constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;
constexpr std::int64_t kFixtureMaxAgeMs = 7 * kDayMs;
constexpr std::int64_t kMessageLifetimeMs = 30 * kDayMs;
constexpr std::int64_t kSpreadMs = 10LL * 3600 * 1000;  // when the messages were created
constexpr std::size_t kBatch = 1000;

// How long signing and storing took, for the summary.
double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count() / 1000;
}

std::optional<Fixture> read_stamp(const fs::path& dir) {
    std::ifstream in(dir / "fixture.stamp");
    Fixture f;
    int version = 0;
    std::string key;
    while (in >> key) {
        if (key == "version") in >> version;
        if (key == "messages") in >> f.messages;
        if (key == "created_ms") in >> f.created_ms;
        if (key == "average_envelope_bytes") in >> f.average_envelope_bytes;
    }
    if (version != kFixtureVersion || f.created_ms == 0) return std::nullopt;
    f.data = dir / "data";
    return f;
}

// Signs `messages` messages of the mix, stores them through the ValidationPath in
// batches and writes the stamp; into `dir`.partial first, so an interrupted run leaves no
// half-made fixture behind.
std::optional<Fixture> generate_fixture(const fs::path& dir, int messages, std::string& error) {
    const fs::path partial = dir.string() + ".partial";
    std::error_code ec;
    fs::remove_all(partial, ec);
    fs::create_directories(partial / "data", ec);
    if (ec) {
        error = "cannot create " + partial.string() + ": " + ec.message();
        return std::nullopt;
    }
    if (auto key = Identity::load_or_create(partial / "data"); !key) {
        error = "node key: " + key.error();
        return std::nullopt;
    }
    SystemClock clock;
    Fixture f;
    f.messages = messages;
    f.created_ms = clock.now_ms();
    f.generated_now = true;

    std::fprintf(stderr, "startup_bench: signing %d messages for the fixture...\n", messages);
    auto started = Clock::now();
    std::mt19937 rng(2026);
    std::vector<Identity> authors;
    for (int i = 0; i < kFixtureAuthors; ++i) authors.push_back(Identity::generate());
    std::vector<MessageId> needs;
    std::vector<std::string> envelopes;
    envelopes.reserve(static_cast<std::size_t>(messages));
    std::size_t total_bytes = 0;
    for (int i = 0; i < messages; ++i) {
        // Over the last 10 hours, one after the other: the same author's identical bodies
        // (announcements, node infos) would otherwise meet at the same millisecond now and
        // then, and be one message.
        const std::int64_t created = f.created_ms - (messages - i) * (kSpreadMs / messages);
        v1::Message m = testing::sample_message(mixed_body(i, rng, needs), v1::ROUTINE, created);
        m.set_expires_ms(created + kMessageLifetimeMs);
        DecodedMessage d =
            sign_message(authors[static_cast<std::size_t>(i) % authors.size()], std::move(m));
        if (d.message.body().has_need()) needs.push_back(d.id);
        total_bytes += d.envelope_bytes.size();
        envelopes.push_back(std::move(d.envelope_bytes));
    }
    f.average_envelope_bytes = static_cast<double>(total_bytes) / messages;
    f.sign_s = seconds_since(started);

    std::fprintf(stderr, "startup_bench: storing them...\n");
    started = Clock::now();
    {
        StoreOptions store_options;
        store_options.dir = partial / "data" / "store";
        auto store = Store::open(store_options);
        if (!store) {
            error = "cannot open the fixture's store: " + store.error();
            return std::nullopt;
        }
        ValidationPath path(**store, clock);
        std::vector<ByteView> views;
        for (const std::string& e : envelopes) views.push_back(as_bytes(e));
        for (std::size_t next = 0; next < views.size(); next += kBatch) {
            const std::size_t n = std::min(kBatch, views.size() - next);
            auto verdicts = path.submit_batch(std::span<const ByteView>(views).subspan(next, n));
            if (std::string why = first_not_stored(verdicts, next); !why.empty()) {
                error = "fixture: " + why;
                return std::nullopt;
            }
        }
        if ((*store)->stats().message_count != static_cast<std::uint64_t>(messages)) {
            error = "fixture: the store holds " + std::to_string((*store)->stats().message_count) +
                    " messages";
            return std::nullopt;
        }
    }
    f.store_s = seconds_since(started);

    std::ofstream(partial / "fixture.stamp")
        << "version " << kFixtureVersion << "\nmessages " << messages << "\ncreated_ms "
        << f.created_ms << "\naverage_envelope_bytes " << f.average_envelope_bytes << "\n";
    fs::remove_all(dir, ec);
    fs::rename(partial, dir, ec);
    if (ec) {
        error = "cannot rename the fixture into place: " + ec.message();
        return std::nullopt;
    }
    f.data = dir / "data";
    return f;
}

}  // namespace

std::optional<Fixture> fixture(const fs::path& fixtures, int messages, std::string& error) {
    const fs::path dir =
        fixtures / ("v" + std::to_string(kFixtureVersion) + "-" + std::to_string(messages));
    auto kept = read_stamp(dir);
    const std::int64_t now = SystemClock().now_ms();
    if (kept && kept->messages == messages && now - kept->created_ms < kFixtureMaxAgeMs)
        return kept;
    return generate_fixture(dir, messages, error);
}

}  // namespace baken::bench
