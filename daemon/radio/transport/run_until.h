// Test support for the transport tests: running the io_context until something happened, and
// never longer than a deadline, so a broken pipe fails a test instead of hanging it.
#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <thread>

namespace baken::radio::testing {

// Runs `io` until done() holds or `limit` has passed; returns done().
inline bool run_until(boost::asio::io_context& io, const std::function<bool()>& done,
                      std::chrono::milliseconds limit = std::chrono::seconds(5)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done() && std::chrono::steady_clock::now() < deadline) {
        io.restart();
        if (io.run_for(std::chrono::milliseconds(5)) == 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return done();
}

// Runs `io` for `span` (to show that something does NOT happen in that time).
inline void run_for(boost::asio::io_context& io, std::chrono::milliseconds span) {
    run_until(
        io, [] { return false; }, span);
}

}  // namespace baken::radio::testing
