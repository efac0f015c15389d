// Stack high-water mark by painting (stack_watermark.h).
#include "mcu/stack_watermark.h"

#include <cstdint>

extern "C" {
extern std::uint32_t __stack_limit[];    // sections.ld: the bottom of the reserve
extern std::uint32_t __stack_top[];      // the top of RAM, the initial stack pointer
extern std::uint32_t __stack_reserve[];  // an absolute symbol: its address is the size
}

namespace baken::mcu {
namespace {

constexpr std::uint32_t kPaint = 0x5AC0FFEE;
// Left unpainted below the current stack pointer: this function's own frame and the calls
// it makes.
constexpr std::uintptr_t kMargin = 64;

}  // namespace

__attribute__((noinline)) void paint_stack() {
    std::uint32_t marker = 0;
    asm volatile("" : : "r"(&marker) : "memory");
    const std::uintptr_t below_here = reinterpret_cast<std::uintptr_t>(&marker) - kMargin;
    for (std::uint32_t* word = __stack_limit; reinterpret_cast<std::uintptr_t>(word) < below_here;
         ++word) {
        *word = kPaint;
    }
}

std::size_t stack_bytes_used() {
    const std::uint32_t* word = __stack_limit;
    while (word < __stack_top && *word == kPaint) ++word;
    return static_cast<std::size_t>(reinterpret_cast<std::uintptr_t>(__stack_top) -
                                    reinterpret_cast<std::uintptr_t>(word));
}

std::size_t stack_reserve_bytes() {
    return reinterpret_cast<std::uintptr_t>(__stack_reserve);
}

}  // namespace baken::mcu
