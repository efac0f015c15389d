// The few C++ runtime hooks a freestanding image needs, defined here so the linker does not
// pull libstdc++'s versions, which bring std::terminate's verbose handler, abort() and
// printf-sized code into a 64 KiB budget.
extern "C" {

// Called if a pure virtual function is ever reached through a half-built object (Radio and
// Uart are abstract). Cannot happen in this firmware; stop rather than run on. On the RP2040
// the watchdog is then no longer fed and resets the board within 2 s (rp2040_watchdog.h).
void __cxa_pure_virtual() {
    for (;;) {
    }
}

// Static objects with destructors register them with __cxa_atexit against this handle; crt0,
// which would define it, is not linked (-nostartfiles). The firmware never exits, so the
// registrations are never run.
void* __dso_handle = nullptr;
}
