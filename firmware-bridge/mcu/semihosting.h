// Ending a QEMU run from inside the image, with an exit code, through Arm semihosting
// (SYS_EXIT). Only valid when QEMU runs with -semihosting-config enable=on: without a
// semihosting host the BKPT instruction faults, so only the self-test image calls it.
#pragma once

namespace baken::mcu::qemu {

// QEMU exits with status 0 when `success`, 1 otherwise.
[[noreturn]] void semihosting_exit(bool success);

}  // namespace baken::mcu::qemu
