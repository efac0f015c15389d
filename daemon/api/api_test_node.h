// The API side of a node over a temporary store, for tests: a manual clock, a fresh
// identity, a known token. Shared by the routes and HTTP server tests.
#pragma once

#include <memory>

#include "api/picture_events.h"
#include "api/routes.h"
#include "picture/picture_engine.h"
#include "picture/picture_loader.h"
#include "support/sample_messages.h"
#include "support/temp_dir.h"

namespace baken::testing {

struct ApiTestNode {
    static constexpr const char* kToken =
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    ApiTestNode()
        : store(std::move(Store::open({dir.path() / "store", 64ull << 20})).value()),
          validation(std::make_unique<ValidationPath>(*store, clock)),
          routes(std::make_unique<ApiRoutes>(context())) {
        // As bakend: the picture follows what the validation path stores.
        validation->on_stored([this](const DecodedMessage& m) { picture.add(m); });
    }

    ApiContext context() {
        ApiContext c{*store,         *validation, identity, clock,   "Test node", 3600,
                     clock.now_ms(), kToken,      nullptr,  nullptr, &picture};
        c.picture_load = &picture_load;
        return c;
    }

    // One request through the routes, with the bearer token unless `authorised` is false.
    HttpResponse call(boost::beast::http::verb verb, const std::string& target,
                      const std::string& body = "", bool authorised = true) {
        HttpRequest req{verb, target, 11};
        if (authorised)
            req.set(boost::beast::http::field::authorization, std::string("Bearer ") + kToken);
        req.body() = body;
        req.prepare_payload();
        return routes->handle(req);
    }

    TempDir dir;
    ManualClock clock{kSampleNowMs};
    Identity identity = Identity::generate();
    // As bakend's: bodies read from the store.
    picture::PictureEngine picture{
        [this](const MessageId& id) { return picture::read_body(*store, id); }};
    picture::LoadProgress picture_load;  // whole unless a test says it is loading
    PictureEvents events;
    std::unique_ptr<Store> store;
    std::unique_ptr<ValidationPath> validation;
    std::unique_ptr<ApiRoutes> routes;
};

}  // namespace baken::testing
