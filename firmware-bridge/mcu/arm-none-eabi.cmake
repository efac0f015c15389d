# Toolchain file for the modem's microcontroller build: arm-none-eabi-gcc (Debian's
# gcc-arm-none-eabi with newlib-nano) for a Cortex-M0+ (RP2040-class). The same code runs on
# QEMU's Cortex-M3 boards, since Thumb-1 + the v6-M subset is a subset of v7-M.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)

set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_CXX_COMPILER arm-none-eabi-g++)
set(CMAKE_ASM_COMPILER arm-none-eabi-gcc)
find_program(CMAKE_OBJCOPY arm-none-eabi-objcopy)
find_program(CMAKE_SIZE arm-none-eabi-size)

# There is no operating system to link a test program against while CMake probes the
# compiler; a static library needs no startup code, crt0 or syscalls.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(BAKEN_MCU_CPU_FLAGS "-mcpu=cortex-m0plus -mthumb")
# -Os for every configuration: flash is the budget that matters. Sections per function and
# object so --gc-sections drops what main() never reaches.
set(CMAKE_C_FLAGS_INIT "${BAKEN_MCU_CPU_FLAGS} -ffunction-sections -fdata-sections")
set(CMAKE_CXX_FLAGS_INIT
    "${BAKEN_MCU_CPU_FLAGS} -ffunction-sections -fdata-sections -fno-exceptions -fno-rtti -fno-threadsafe-statics")
set(CMAKE_C_FLAGS_RELEASE_INIT "-Os")
set(CMAKE_CXX_FLAGS_RELEASE_INIT "-Os")
set(CMAKE_C_FLAGS_MINSIZEREL_INIT "-Os")
set(CMAKE_CXX_FLAGS_MINSIZEREL_INIT "-Os")
set(CMAKE_C_FLAGS_DEBUG_INIT "-Os -g")
set(CMAKE_CXX_FLAGS_DEBUG_INIT "-Os -g")
set(CMAKE_C_FLAGS_RELWITHDEBINFO_INIT "-Os -g")
set(CMAKE_CXX_FLAGS_RELWITHDEBINFO_INIT "-Os -g")
# newlib-nano without system calls; our own reset handler instead of crt0 (startup.cc).
set(CMAKE_EXE_LINKER_FLAGS_INIT
    "${BAKEN_MCU_CPU_FLAGS} --specs=nano.specs --specs=nosys.specs -nostartfiles -Wl,--gc-sections")

# Find programs on the host, headers and libraries only in the cross toolchain.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
