# Targets shared by the fuzz build (tests/fuzz/CMakeLists.txt) and the corpus replay in the
# normal builds (tests/fuzz/replay/CMakeLists.txt); included by whichever comes first.
include_guard(GLOBAL)

# The harness both the fuzzer and the replay test run (envelope_harness.h).
add_library(baken_fuzz_envelope_harness STATIC ${CMAKE_CURRENT_LIST_DIR}/envelope_harness.cc)
target_link_libraries(baken_fuzz_envelope_harness PUBLIC baken_core baken_testing)

# Writes (or --check's) the seed corpus in corpus/envelope/.
add_executable(make_envelope_corpus ${CMAKE_CURRENT_LIST_DIR}/make_envelope_corpus.cc)
target_link_libraries(make_envelope_corpus PRIVATE baken_testing)

# Peer sync channel (daemon/sync/channel): the frame decoder and handshake harnesses, shared by
# frame_decoder_fuzz / handshake_fuzz and channel_corpus_replay_test.
add_library(baken_fuzz_channel_harness STATIC
    ${CMAKE_CURRENT_LIST_DIR}/frame_decoder_harness.cc
    ${CMAKE_CURRENT_LIST_DIR}/handshake_harness.cc
)
target_include_directories(baken_fuzz_channel_harness PUBLIC ${CMAKE_CURRENT_LIST_DIR}/..)
target_link_libraries(baken_fuzz_channel_harness PUBLIC baken_channel)

# Write (or --check) the seed corpora in corpus/frame_decoder/ and corpus/handshake/.
add_executable(make_frame_decoder_corpus ${CMAKE_CURRENT_LIST_DIR}/make_frame_decoder_corpus.cc)
target_link_libraries(make_frame_decoder_corpus PRIVATE baken_fuzz_channel_harness)
add_executable(make_handshake_corpus ${CMAKE_CURRENT_LIST_DIR}/make_handshake_corpus.cc)
target_link_libraries(make_handshake_corpus PRIVATE baken_fuzz_channel_harness)

# CAP reader (daemon/cap): the harness shared by cap_reader_fuzz and cap_corpus_replay_test, and
# the generator of corpus/cap/ from the sample alerts in daemon/cap/testdata/.
add_library(baken_fuzz_cap_harness STATIC ${CMAKE_CURRENT_LIST_DIR}/cap_reader_harness.cc)
target_include_directories(baken_fuzz_cap_harness PUBLIC ${CMAKE_CURRENT_LIST_DIR}/..)
target_link_libraries(baken_fuzz_cap_harness PUBLIC baken_cap)
add_executable(make_cap_corpus ${CMAKE_CURRENT_LIST_DIR}/make_cap_corpus.cc)
target_link_libraries(make_cap_corpus PRIVATE baken_fuzz_cap_harness)
target_compile_definitions(make_cap_corpus PRIVATE
                           BAKEN_CAP_TESTDATA="${PROJECT_SOURCE_DIR}/daemon/cap/testdata")

# Bundle reader (daemon/bundle): the harness shared by bundle_reader_fuzz and
# bundle_corpus_replay_test, and the generator of corpus/bundle_reader/.
add_library(baken_fuzz_bundle_harness STATIC ${CMAKE_CURRENT_LIST_DIR}/bundle_reader_harness.cc)
target_include_directories(baken_fuzz_bundle_harness PUBLIC ${CMAKE_CURRENT_LIST_DIR}/..)
target_link_libraries(baken_fuzz_bundle_harness PUBLIC baken_bundle)
add_executable(make_bundle_corpus ${CMAKE_CURRENT_LIST_DIR}/make_bundle_corpus.cc)
target_link_libraries(make_bundle_corpus PRIVATE baken_fuzz_bundle_harness baken_testing)

# Radio codec (daemon/radio/codec): the KISS decoder, AX.25 parser and fragment reassembly
# harnesses shared by kiss_decoder_fuzz / ax25_parser_fuzz / fragment_reassembly_fuzz and
# radio_corpus_replay_test, and the generator of their three corpora.
add_library(baken_fuzz_radio_harness STATIC
    ${CMAKE_CURRENT_LIST_DIR}/kiss_decoder_harness.cc
    ${CMAKE_CURRENT_LIST_DIR}/ax25_parser_harness.cc
    ${CMAKE_CURRENT_LIST_DIR}/fragment_reassembly_harness.cc
)
target_include_directories(baken_fuzz_radio_harness PUBLIC ${CMAKE_CURRENT_LIST_DIR}/..)
target_link_libraries(baken_fuzz_radio_harness PUBLIC baken_radio_codec)
add_executable(make_radio_corpus ${CMAKE_CURRENT_LIST_DIR}/make_radio_corpus.cc)
target_link_libraries(make_radio_corpus PRIVATE baken_fuzz_radio_harness)

# Radio link (daemon/radio/link): the harness shared by radio_link_fuzz and
# radio_link_corpus_replay_test, and the generator of corpus/radio_link/ (which records genuine
# exchanges between two RadioLinks through the harness).
add_library(baken_fuzz_radio_link_harness STATIC
    ${CMAKE_CURRENT_LIST_DIR}/radio_link_cast.cc
    ${CMAKE_CURRENT_LIST_DIR}/radio_link_harness.cc
    ${CMAKE_CURRENT_LIST_DIR}/radio_link_script.cc
)
target_include_directories(baken_fuzz_radio_link_harness PUBLIC ${CMAKE_CURRENT_LIST_DIR}/..)
target_link_libraries(baken_fuzz_radio_link_harness PUBLIC baken_radio_link)
add_executable(make_radio_link_corpus ${CMAKE_CURRENT_LIST_DIR}/make_radio_link_corpus.cc)
target_link_libraries(make_radio_link_corpus PRIVATE baken_fuzz_radio_link_harness)

# LoRa modem firmware (firmware-bridge/core): the serial-side harness that drives the whole
# Modem, shared by modem_serial_fuzz and modem_corpus_replay_test, and the generator of
# corpus/modem_serial/.
add_library(baken_fuzz_modem_harness STATIC ${CMAKE_CURRENT_LIST_DIR}/modem_serial_harness.cc)
target_include_directories(baken_fuzz_modem_harness PUBLIC ${CMAKE_CURRENT_LIST_DIR}/..)
target_link_libraries(baken_fuzz_modem_harness PUBLIC baken_modem_core)
add_executable(make_modem_corpus ${CMAKE_CURRENT_LIST_DIR}/make_modem_corpus.cc)
target_link_libraries(make_modem_corpus PRIVATE baken_fuzz_modem_harness)
