# The microcontroller build from the host build (included by firmware-bridge/CMakeLists.txt).
# When arm-none-eabi-g++ is installed, firmware-bridge/mcu is built as its own CMake project
# (ExternalProject: a cross build cannot share the host's compiler or flags) in
# <build>/firmware-mcu, on every build of the host (BUILD_ALWAYS, so edits to the core
# rebuild it), and tested:
#   firmware_mcu_size_budget            the images' flash and RAM against their budgets
#   firmware_qemu_self_test             the QEMU image on a pty: self-test lines, then KISS
#                                       commands and a data frame answered (qemu_uart_test.cc)
#   firmware_qemu_self_test_exit_code   the self-test image ends QEMU with status 0
# The QEMU tests are skipped (exit 77) without qemu-system-arm. Not in the fuzz build.
if(BAKEN_FUZZ OR CMAKE_CROSSCOMPILING)
    return()
endif()

find_program(BAKEN_ARM_NONE_EABI_GXX arm-none-eabi-g++)
if(NOT BAKEN_ARM_NONE_EABI_GXX)
    message(STATUS "firmware-bridge/mcu: arm-none-eabi-g++ not found: the Cortex-M0+ build and "
                   "its tests (firmware_mcu_size_budget, firmware_qemu_self_test*) are left out. "
                   "deploy/scripts/install-deps.sh installs gcc-arm-none-eabi.")
    return()
endif()

include(ExternalProject)
set(BAKEN_MCU_BINARY_DIR ${CMAKE_BINARY_DIR}/firmware-mcu)
# Only the toolchain file and build type are passed: none of the host's flags (-fsanitize in
# the asan preset, -std=c++20) reach the cross build.
ExternalProject_Add(firmware_mcu
    SOURCE_DIR ${CMAKE_CURRENT_LIST_DIR}
    BINARY_DIR ${BAKEN_MCU_BINARY_DIR}
    PREFIX ${CMAKE_BINARY_DIR}/firmware-mcu-ep
    CMAKE_ARGS
        -DCMAKE_TOOLCHAIN_FILE=${CMAKE_CURRENT_LIST_DIR}/arm-none-eabi.cmake
        -DCMAKE_BUILD_TYPE=MinSizeRel
    BUILD_ALWAYS ON
    INSTALL_COMMAND ""
    BUILD_BYPRODUCTS
        ${BAKEN_MCU_BINARY_DIR}/baken-modem-rp2040.elf
        ${BAKEN_MCU_BINARY_DIR}/baken-modem-qemu.elf
        ${BAKEN_MCU_BINARY_DIR}/baken-modem-qemu-selftest.elf)
message(STATUS "firmware-bridge/mcu: Cortex-M0+ images built in ${BAKEN_MCU_BINARY_DIR} "
               "(target firmware_mcu)")

if(NOT BAKEN_TESTS)
    return()
endif()

add_test(NAME firmware_mcu_size_budget
         COMMAND ${CMAKE_COMMAND} -P ${BAKEN_MCU_BINARY_DIR}/check_size_budgets.cmake)
set_tests_properties(firmware_mcu_size_budget PROPERTIES TIMEOUT 60)

find_program(BAKEN_QEMU_SYSTEM_ARM qemu-system-arm)
if(NOT BAKEN_QEMU_SYSTEM_ARM)
    message(STATUS "firmware-bridge/mcu: qemu-system-arm not found: the QEMU self-tests will "
                   "report skipped")
endif()
# A host program; built with the firmware (a dependency of firmware_mcu) so that building
# that one target is enough to run every firmware_ test.
add_executable(firmware_qemu_uart_test ${CMAKE_CURRENT_LIST_DIR}/qemu_uart_test.cc)
target_link_libraries(firmware_qemu_uart_test PRIVATE baken_modem_core)
add_dependencies(firmware_mcu firmware_qemu_uart_test)

add_test(NAME firmware_qemu_self_test
         COMMAND firmware_qemu_uart_test --qemu "${BAKEN_QEMU_SYSTEM_ARM}"
                 --image ${BAKEN_MCU_BINARY_DIR}/baken-modem-qemu.elf)
add_test(NAME firmware_qemu_self_test_exit_code
         COMMAND firmware_qemu_uart_test --exit-code --qemu "${BAKEN_QEMU_SYSTEM_ARM}"
                 --image ${BAKEN_MCU_BINARY_DIR}/baken-modem-qemu-selftest.elf)
# The program bounds itself at 100 s and kills QEMU; ctest's limit is only a backstop.
set_tests_properties(firmware_qemu_self_test firmware_qemu_self_test_exit_code
                     PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 150)
