# Every dependency comes from a Debian 12 package; deploy/scripts/install-deps.sh installs them.
find_package(PkgConfig REQUIRED)
find_package(Protobuf REQUIRED)
find_package(Boost 1.74 REQUIRED)
find_package(tomlplusplus REQUIRED)
find_package(CLI11 REQUIRED)
find_package(Threads REQUIRED)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(LMDB REQUIRED IMPORTED_TARGET lmdb)
pkg_check_modules(QRENCODE REQUIRED IMPORTED_TARGET libqrencode)  # credentials and paper to print
# Paper, the last fallback (baken paper import): zbar finds the QR codes in a scan or photo,
# which libpng or libjpeg (libjpeg62-turbo) turns into the grey pixels zbar reads.
pkg_check_modules(ZBAR REQUIRED IMPORTED_TARGET zbar)
pkg_check_modules(PNG REQUIRED IMPORTED_TARGET libpng)
pkg_check_modules(JPEG REQUIRED IMPORTED_TARGET libjpeg)
if(BAKEN_TESTS)
    find_package(GTest REQUIRED)
endif()
if(BAKEN_BENCHMARKS)
    find_package(benchmark REQUIRED)
endif()
