// SIGTERM and SIGINT as a flag for the host programs' ppoll() loops (baken-lora-channel,
// baken-lora-modem): the signals stay blocked except inside ppoll(), so a stop request cannot
// slip in between the check of the flag and the wait.
#pragma once

#include <csignal>

namespace baken::modem::host {

// Installs the handlers and blocks both signals; returns the mask to pass to ppoll().
sigset_t install_stop_handlers();
// Whether SIGTERM or SIGINT has arrived.
bool stop_requested();

}  // namespace baken::modem::host
