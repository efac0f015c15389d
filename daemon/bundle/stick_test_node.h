// A node for stick-mode tests: a store, the validation path and an identity in a temp dir,
// and a visit run to its end.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "bundle/stick_visit.h"
#include "support/sample_messages.h"
#include "support/temp_dir.h"

namespace baken::bundle::testing {

struct StickTestNode {
    explicit StickTestNode(std::string name_) : name(std::move(name_)) {
        auto opened = Store::open({dir.path() / "store", 64ull << 20});
        if (!opened) ADD_FAILURE() << opened.error();
        store = std::move(opened).value();
        validation = std::make_unique<ValidationPath>(*store, clock);
    }

    // Posts `count` sitreps of its own; every third is flash.
    std::vector<MessageId> post(int count, int first_serial = 0) {
        std::vector<MessageId> ids;
        for (int i = first_serial; i < first_serial + count; ++i) {
            auto m =
                baken::testing::signed_sitrep(identity, i, i % 3 == 0 ? v1::FLASH : v1::ROUTINE);
            EXPECT_TRUE(validation->submit(as_bytes(m.envelope_bytes)));
            ids.push_back(m.id);
        }
        return ids;
    }

    VisitReport visit(const std::filesystem::path& stick,
                      std::optional<std::uint64_t> free_bytes = std::nullopt) {
        StickVisitOptions options;
        options.stick = stick;
        options.node_name = name;
        options.free_bytes = free_bytes;
        StickVisit visit(options, *store, *validation, identity, clock);
        for (int guard = 0; guard < 100'000 && !visit.step(); ++guard) {
        }
        EXPECT_EQ(visit.phase(), "done");
        return visit.report();
    }

    std::string name;
    baken::testing::TempDir dir;
    ManualClock clock{baken::testing::kSampleNowMs};
    std::unique_ptr<Store> store;
    std::unique_ptr<ValidationPath> validation;
    Identity identity = Identity::generate();
};

}  // namespace baken::bundle::testing
