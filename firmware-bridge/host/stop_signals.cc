// The stop flag behind stop_signals.h.
#include "host/stop_signals.h"

namespace baken::modem::host {
namespace {

volatile sig_atomic_t stop_flag = 0;
void request_stop(int) {
    stop_flag = 1;
}

}  // namespace

sigset_t install_stop_handlers() {
    struct sigaction action {};
    action.sa_handler = request_stop;
    sigemptyset(&action.sa_mask);
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);
    sigset_t blocked, previous;
    sigemptyset(&blocked);
    sigaddset(&blocked, SIGTERM);
    sigaddset(&blocked, SIGINT);
    sigprocmask(SIG_BLOCK, &blocked, &previous);
    return previous;
}

bool stop_requested() {
    return stop_flag != 0;
}

}  // namespace baken::modem::host
