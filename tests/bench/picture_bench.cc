// The picture's cost at 100,000 messages: rebuilding it, applying one new message, viewing it
// and taking its digest (issue 5: "incremental update under 1 ms at 100,000 messages").
//
//   decode_all        decode_envelope of every stored envelope: the floor any rebuild pays
//                     (the baseline the rebuild is compared with, measured in the same run)
//   rebuild           PictureEngine::clear + decode + add of every message (what bakend does
//                     at start, after reading the store)
//   apply_one         add one new message to the full picture, then remove it again (both
//                     timed: an upper bound for one incremental update)
//   view              the whole picture as the API serves it (GET /api/v1/picture)
//   view_point        one support point's part (what an operator's phone asks for)
//   digest            the digest of the whole picture, recomputed (it is cached between changes)
//
// The messages: 1,000 support points in 25 municipalities with 5 statuses each, 30,000 needs
// with 1.5 updates each on average, 20,000 sitreps, 2,000 announcements, 500 node infos:
// 100,000 in all, signed by 500 authors. Figures are printed, never asserted.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "bench_support.h"
#include "message/envelope_codec.h"
#include "picture/picture_engine.h"
#include "support/sample_messages.h"

namespace baken {
namespace {

using testing::kSampleNowMs;

constexpr int kMessages = 100'000;
constexpr double kTargetApplyMs = 1.0;

struct Corpus {
    std::vector<std::string> envelopes;
    std::vector<DecodedMessage> decoded;
    DecodedMessage extra;  // not in the set: what apply_one adds
};

const Corpus& corpus() {
    static const Corpus c = [] {
        Corpus out;
        std::mt19937 rng(2026);
        std::vector<Identity> authors;
        for (int i = 0; i < 500; ++i) authors.push_back(Identity::generate());
        std::vector<MessageId> needs;
        out.decoded.reserve(kMessages);
        for (int i = 0; i < kMessages; ++i) {
            std::int64_t created = kSampleNowMs - static_cast<std::int64_t>(rng() % 36'000) * 1000;
            v1::Message m =
                testing::sample_message(bench::mixed_body(i, rng, needs), v1::ROUTINE, created);
            DecodedMessage d = sign_message(authors[i % authors.size()], std::move(m));
            if (d.message.body().has_need()) needs.push_back(d.id);
            out.envelopes.push_back(d.envelope_bytes);
            out.decoded.push_back(std::move(d));
        }
        v1::Body status = testing::sample_status_body();
        status.mutable_support_point_status()->set_support_point("GM0300-SP0");
        out.extra = sign_message(authors[0], testing::sample_message(status, v1::FLASH));
        return out;
    }();
    return c;
}

picture::PictureEngine& full_engine() {
    static picture::PictureEngine engine;
    if (engine.message_count() == 0)
        for (const DecodedMessage& m : corpus().decoded) engine.add(m);
    return engine;
}

void bm_decode_all(benchmark::State& state) {
    const Corpus& c = corpus();
    for (auto _ : state) {
        for (const std::string& e : c.envelopes) {
            auto d = decode_envelope(as_bytes(e));
            benchmark::DoNotOptimize(d);
        }
    }
    state.SetItemsProcessed(state.iterations() * kMessages);
}

void bm_rebuild(benchmark::State& state) {
    const Corpus& c = corpus();
    picture::PictureEngine engine;
    for (auto _ : state) {
        engine.clear();
        for (const std::string& e : c.envelopes) {
            auto d = decode_envelope(as_bytes(e));
            if (d) engine.add(*d);
        }
    }
    if (engine.message_count() == 0) state.SkipWithError("nothing in the picture");
    state.SetItemsProcessed(state.iterations() * kMessages);
}

void bm_apply_one(benchmark::State& state) {
    picture::PictureEngine& engine = full_engine();
    const DecodedMessage& extra = corpus().extra;
    for (auto _ : state) {
        unsigned added = engine.add(extra);
        unsigned removed = engine.remove(extra.id);
        if (added == 0 || removed == 0)
            state.SkipWithError("the message did not change the picture");
    }
    state.SetItemsProcessed(state.iterations());
}

void bm_view(benchmark::State& state) {
    picture::PictureEngine& engine = full_engine();
    for (auto _ : state) {
        v1::Picture p = engine.view(kSampleNowMs);
        benchmark::DoNotOptimize(p);
    }
}

void bm_view_point(benchmark::State& state) {
    picture::PictureEngine& engine = full_engine();
    picture::PictureFilter filter;
    filter.support_point = "GM0300-SP0";
    for (auto _ : state) {
        v1::Picture p = engine.view(kSampleNowMs, filter);
        benchmark::DoNotOptimize(p);
    }
}

void bm_digest(benchmark::State& state) {
    picture::PictureEngine& engine = full_engine();
    const DecodedMessage& extra = corpus().extra;
    for (auto _ : state) {
        state.PauseTiming();
        engine.add(extra);  // invalidates the cached digest
        engine.remove(extra.id);
        state.ResumeTiming();
        benchmark::DoNotOptimize(engine.digest());
    }
}

void print_ms(const char* label, std::optional<double> ms) {
    if (ms) std::printf("%-34s %10.3f ms\n", label, *ms);
}

}  // namespace
}  // namespace baken

int main(int argc, char** argv) {
    using namespace baken;
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
    std::fprintf(stderr, "picture_bench: signing %d messages...\n", kMessages);
    (void)corpus();
    benchmark::RegisterBenchmark("decode_all", bm_decode_all)->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("rebuild", bm_rebuild)->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("apply_one", bm_apply_one)->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark("view", bm_view)->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("view_point", bm_view_point)->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark("digest", bm_digest)->Unit(benchmark::kMillisecond);

    bench::CapturingReporter reporter;  // keeps each benchmark's median ms per iteration
    bench::run_benchmarks(reporter);

    picture::PictureEngine& engine = full_engine();
    v1::Picture p = engine.view(testing::kSampleNowMs);
    std::printf("\n== Baken picture benchmark (single thread, wall-clock) ==\n");
    std::printf(
        "picture of %llu messages: %d support points, %d needs, %d municipalities, "
        "%d announcements, %d nodes\n",
        static_cast<unsigned long long>(engine.message_count()), p.support_points_size(),
        p.needs_size(), p.municipalities_size(), p.announcements_size(), p.nodes_size());
    print_ms("decode every envelope (baseline)", reporter.ms("decode_all"));
    print_ms("rebuild the picture", reporter.ms("rebuild"));
    print_ms("apply one message (add + remove)", reporter.ms("apply_one"));
    print_ms("view the whole picture", reporter.ms("view"));
    print_ms("view one support point", reporter.ms("view_point"));
    print_ms("digest (recomputed)", reporter.ms("digest"));
    auto decode = reporter.ms("decode_all");
    auto rebuild = reporter.ms("rebuild");
    if (decode && rebuild)
        std::printf("rebuild/decode ratio: %.2f (the reduction's own cost on top of decoding)\n",
                    *rebuild / *decode);
    if (auto apply = reporter.ms("apply_one"))
        std::printf("incremental update: %.4f ms at %d messages (target < %.1f ms) %s\n", *apply,
                    kMessages, kTargetApplyMs, *apply < kTargetApplyMs ? "PASS" : "ABOVE");
    return reporter.errors().empty() ? 0 : 1;
}
