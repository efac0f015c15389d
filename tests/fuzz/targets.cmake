# Targets shared by the fuzz build (tests/fuzz/CMakeLists.txt) and the corpus replay in the
# normal builds (tests/fuzz/replay/CMakeLists.txt); included by whichever comes first.
include_guard(GLOBAL)

# The harness both the fuzzer and the replay test run (envelope_harness.h).
add_library(baken_fuzz_envelope_harness STATIC ${CMAKE_CURRENT_LIST_DIR}/envelope_harness.cc)
target_link_libraries(baken_fuzz_envelope_harness PUBLIC baken_core baken_testing)

# Writes (or --check's) the seed corpus in corpus/envelope/.
add_executable(make_envelope_corpus ${CMAKE_CURRENT_LIST_DIR}/make_envelope_corpus.cc)
target_link_libraries(make_envelope_corpus PRIVATE baken_testing)
