// What runs before main() on the modem's Cortex-M images: the vector table the core reads at
// reset (initial stack pointer, reset handler, the core's exceptions) and the reset handler,
// which copies .data from flash, zeroes .bss and runs the static constructors that crt0 would
// run on a hosted system. Written in C++ so the build needs no assembler file; the symbols
// come from the linker script (sections.ld). A board adds its interrupt handlers by defining
// the weak isr_* functions and, for peripheral interrupts, a table in section .vectors.irq.
#include <cstdint>

extern "C" {
// From sections.ld.
extern std::uint32_t __data_start[];
extern std::uint32_t __data_end[];
extern std::uint32_t __data_load[];
extern std::uint32_t __bss_start[];
extern std::uint32_t __bss_end[];
extern std::uint32_t __stack_top[];
extern void (*__init_array_start[])();
extern void (*__init_array_end[])();

int main();
[[noreturn]] void reset_handler();
void unhandled_exception();

// A board overrides what it uses; everything else stops in unhandled_exception().
void isr_nmi() __attribute__((weak, alias("unhandled_exception")));
void isr_hardfault() __attribute__((weak, alias("unhandled_exception")));
void isr_svcall() __attribute__((weak, alias("unhandled_exception")));
void isr_pendsv() __attribute__((weak, alias("unhandled_exception")));
void isr_systick() __attribute__((weak, alias("unhandled_exception")));
}

namespace {

using Handler = void (*)();

// The first 16 words of the ARMv6-M/v7-M vector table. A struct, so the stack pointer is an
// ordinary address constant and the whole table is constant-initialised into flash.
struct CoreVectors {
    void* initial_stack;
    Handler handlers[15];
};

__attribute__((section(".vectors"), used)) const CoreVectors core_vectors = {
    __stack_top,
    {
        reset_handler,
        isr_nmi,
        isr_hardfault,
        nullptr,  // MemManage (v7-M only)
        nullptr,  // BusFault (v7-M only)
        nullptr,  // UsageFault (v7-M only)
        nullptr,  // reserved
        nullptr,  // reserved
        nullptr,  // reserved
        nullptr,  // reserved
        isr_svcall,
        nullptr,  // DebugMonitor (v7-M only)
        nullptr,  // reserved
        isr_pendsv,
        isr_systick,
    },
};

}  // namespace

extern "C" void unhandled_exception() {
    // Nothing sensible to do without knowing the cause; a debugger finds the core here. On the
    // RP2040 the watchdog (rp2040_watchdog.h) is no longer fed, so the board resets within
    // 2 s; in QEMU (no watchdog) the core stays here.
    for (;;) {
    }
}

extern "C" void reset_handler() {
    const std::uint32_t* source = __data_load;
    for (std::uint32_t* word = __data_start; word < __data_end; ++word) *word = *source++;
    for (std::uint32_t* word = __bss_start; word < __bss_end; ++word) *word = 0;
    for (void (**constructor)() = __init_array_start; constructor < __init_array_end;
         ++constructor) {
        (*constructor)();
    }
    main();
    for (;;) {
    }
}
