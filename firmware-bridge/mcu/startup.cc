// What runs before main() on the modem's Cortex-M images: the vector table the core reads at
// reset (initial stack pointer, reset handler, the core's exceptions) and the reset handler,
// which copies .data from flash, zeroes .bss and runs the static constructors that crt0 would
// run on a hosted system. Written in C++ so the build needs no assembler file; the symbols
// come from the linker script (sections.ld). A board adds its interrupt handlers by defining
// the weak isr_* functions and, for peripheral interrupts, a table in section .vectors.irq.
#include <cstddef>
#include <cstdint>
#include <cstring>

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

namespace {

std::size_t bytes_between(const std::uint32_t* start, const std::uint32_t* end) {
    return static_cast<std::size_t>(end - start) * sizeof(std::uint32_t);
}

}  // namespace

extern "C" void reset_handler() {
    // memcpy and memset before .data and .bss exist: newlib-nano's (libc_nano.a memcpy-stub.o
    // and memset.o) read and write only their arguments, with no static data of their own
    // (their .data and .bss are empty in the linker map). GCC would turn copy and zero loops
    // written out here into these same calls anyway (-ftree-loop-distribute-patterns), so
    // they are called openly rather than by surprise.
    std::memcpy(__data_start, __data_load, bytes_between(__data_start, __data_end));
    std::memset(__bss_start, 0, bytes_between(__bss_start, __bss_end));
    for (void (**constructor)() = __init_array_start; constructor < __init_array_end;
         ++constructor) {
        (*constructor)();
    }
    main();
    for (;;) {
    }
}
