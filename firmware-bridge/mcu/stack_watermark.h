// How much of the stack reserve a run actually used: the stack is filled with a pattern early
// in main() and later searched for the deepest word that changed. The QEMU image prints the
// figure after the self-test, so the reserve in the size budget is a measured one.
#pragma once

#include <cstddef>

namespace baken::mcu {

// Fills the unused part of the stack (from the linker's __stack_limit up to just below the
// caller's frame) with the pattern.
void paint_stack();
// Bytes between the top of RAM and the deepest overwritten word.
std::size_t stack_bytes_used();
// The reserve the linker kept free for the stack (__stack_reserve).
std::size_t stack_reserve_bytes();

}  // namespace baken::mcu
