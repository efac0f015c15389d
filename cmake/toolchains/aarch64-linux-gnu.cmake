# Cross build for the Raspberry Pi (arm64: Pi 3/4/5, Zero 2 with a 64-bit OS) on a Debian 12
# amd64 host with Debian multiarch: the :arm64 -dev packages live in /usr/lib/aarch64-linux-gnu
# and /usr/include beside the amd64 ones (deploy/scripts/install-deps.sh installs them).
#   cmake -S . -B build/arm64 -G Ninja -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/aarch64-linux-gnu.cmake
# tests/cross/run-arm64-tests.sh builds, runs the unit tests under qemu-user and packages the .deb.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)

set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)

# Debian's cross compiler already searches /usr/include/aarch64-linux-gnu and
# /usr/lib/aarch64-linux-gnu. For find_library/find_package, CMAKE_LIBRARY_ARCHITECTURE makes
# CMake look in lib/aarch64-linux-gnu (never lib/x86_64-linux-gnu); the cross toolchain's own
# root comes first. Programs (protoc, cmake helpers) are the host's.
set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)

# pkg-config must see only the arm64 .pc files (and the architecture-independent ones), or it
# hands the amd64 library paths to the arm64 link.
set(BAKEN_ARM64_PKG_CONFIG_LIBDIR /usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig)

# zbar: libzbar-dev:arm64 cannot be installed beside libzbar-dev:amd64 (it depends on
# libmagick++-dev, Architecture: all without Multi-Arch: foreign, so apt removes the amd64
# libzbar-dev to install it). The arm64 runtime libzbar0:arm64 installs fine, and the headers
# are the same for every architecture (libzbar-dev is Multi-Arch: same), so this gives the
# linker the arm64 libzbar.so and pkg-config a zbar.pc for it, in the build directory.
# Not in try_compile: it reads this file again, in the same process, from a scratch directory.
get_property(_baken_in_try_compile GLOBAL PROPERTY IN_TRY_COMPILE)
if(NOT _baken_in_try_compile AND NOT EXISTS /usr/lib/aarch64-linux-gnu/pkgconfig/zbar.pc
   AND EXISTS /usr/lib/aarch64-linux-gnu/libzbar.so.0 AND EXISTS /usr/include/zbar.h)
    set(_baken_zbar_dir ${CMAKE_BINARY_DIR}/aarch64-linux-gnu-zbar)
    file(GLOB _baken_host_zbar_pc /usr/lib/*-linux-gnu/pkgconfig/zbar.pc)
    set(_baken_zbar_version 0)
    if(_baken_host_zbar_pc)
        list(GET _baken_host_zbar_pc 0 _baken_host_zbar_pc)
        file(STRINGS ${_baken_host_zbar_pc} _baken_zbar_version REGEX "^Version:")
        string(REGEX REPLACE "^Version: *" "" _baken_zbar_version "${_baken_zbar_version}")
    endif()
    file(MAKE_DIRECTORY ${_baken_zbar_dir}/pkgconfig)
    file(CREATE_LINK /usr/lib/aarch64-linux-gnu/libzbar.so.0 ${_baken_zbar_dir}/libzbar.so SYMBOLIC)
    file(WRITE ${_baken_zbar_dir}/pkgconfig/zbar.pc
         "Name: zbar\nDescription: bar code scanning and decoding (arm64 libzbar0, shared headers)\n"
         "Version: ${_baken_zbar_version}\nLibs: -L${_baken_zbar_dir} -lzbar\nCflags: -I/usr/include\n")
    string(PREPEND BAKEN_ARM64_PKG_CONFIG_LIBDIR ${_baken_zbar_dir}/pkgconfig:)
endif()
if(NOT _baken_in_try_compile)
    set(ENV{PKG_CONFIG_LIBDIR} ${BAKEN_ARM64_PKG_CONFIG_LIBDIR})
    set(ENV{PKG_CONFIG_PATH} "")
endif()

# The host's protoc generates the code (same protobuf 3.21 as libprotobuf-dev:arm64);
# protobuf-compiler:arm64 would replace it and cannot run here.
set(Protobuf_PROTOC_EXECUTABLE /usr/bin/protoc CACHE FILEPATH "host protoc")

# Test binaries run under qemu-user: gtest_discover_tests lists the tests through it at build
# time and ctest runs them through it. No `-L /usr/aarch64-linux-gnu`: the arm64 system libc
# (libc6:arm64, /lib/ld-linux-aarch64.so.1) is installed, and mixing the cross toolchain's
# loader with it makes any program that starts a std::thread spin forever.
set(CMAKE_CROSSCOMPILING_EMULATOR /usr/bin/qemu-aarch64)
