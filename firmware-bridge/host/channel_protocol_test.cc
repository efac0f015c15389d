// The channel's datagrams: each type survives encode and decode, and decode refuses every
// malformed datagram with the reason, without reading beyond what it was given.
#include "host/channel_protocol.h"

#include <gtest/gtest.h>

#include <random>

namespace baken::modem::host {
namespace {

const ChannelSettings kSettings{869'525'000, 9, 125'000};

Datagram transmit(std::size_t bytes) {
    Datagram d;
    d.type = DatagramType::transmit;
    d.settings = kSettings;
    d.airtime_us = 1'005'000;
    d.payload.assign(bytes, 0xC0);
    return d;
}

DecodeError decode_bytes(const std::vector<std::uint8_t>& bytes) {
    Datagram out;
    // A copy of exactly the right size, so ASan catches any read beyond it.
    auto exact = std::make_unique<std::uint8_t[]>(bytes.size() + 1);
    std::copy(bytes.begin(), bytes.end(), exact.get());
    return decode(exact.get(), bytes.size(), out);
}

TEST(ChannelProtocol, EveryTypeSurvivesEncodeAndDecode) {
    Datagram attach;
    attach.type = DatagramType::attach;
    attach.settings = kSettings;
    attach.name = "modem-a";
    Datagram frame;
    frame.type = DatagramType::frame;
    frame.rssi_dbm = -117;
    frame.snr_db = -12;
    frame.payload = {0xC0, 0xDB, 0x00, 0xFF};
    Datagram check;
    check.type = DatagramType::check;
    check.settings = {868'100'000, 12, 500'000};
    Datagram busy;
    busy.type = DatagramType::channel_state;
    busy.busy = true;
    Datagram done;
    done.type = DatagramType::transmit_done;
    Datagram attached;
    attached.type = DatagramType::attached;

    for (const Datagram& d : {attach, transmit(255), frame, check, busy, done, attached}) {
        auto bytes = encode(d);
        Datagram out;
        ASSERT_EQ(decode(bytes.data(), bytes.size(), out), DecodeError::ok)
            << static_cast<int>(d.type);
        EXPECT_EQ(out.type, d.type);
        EXPECT_EQ(out.settings, d.settings);
        EXPECT_EQ(out.name, d.name);
        EXPECT_EQ(out.airtime_us, d.airtime_us);
        EXPECT_EQ(out.payload, d.payload);
        EXPECT_EQ(out.rssi_dbm, d.rssi_dbm);
        EXPECT_EQ(out.snr_db, d.snr_db);
        EXPECT_EQ(out.busy, d.busy);
    }
}

TEST(ChannelProtocol, RefusesDatagramsThatAreNotOurs) {
    EXPECT_EQ(decode_bytes({}), DecodeError::too_short);
    EXPECT_EQ(decode_bytes({0x42, 0x4C, 1}), DecodeError::too_short);
    EXPECT_EQ(decode_bytes({0x42, 0x4D, 1, 5}), DecodeError::bad_magic);
    EXPECT_EQ(decode_bytes({0x42, 0x4C, 2, 5}), DecodeError::bad_version);
    EXPECT_EQ(decode_bytes({0x42, 0x4C, 1, 0}), DecodeError::unknown_type);
    EXPECT_EQ(decode_bytes({0x42, 0x4C, 1, 8}), DecodeError::unknown_type);
    std::vector<std::uint8_t> huge = encode(transmit(255));
    huge.push_back(0);
    EXPECT_EQ(decode_bytes(huge), DecodeError::too_long);
}

TEST(ChannelProtocol, RefusesImpossibleSettings) {
    for (ChannelSettings bad :
         {ChannelSettings{869'525'000, 6, 125'000}, ChannelSettings{869'525'000, 13, 125'000},
          ChannelSettings{869'525'000, 9, 62'500}, ChannelSettings{100'000'000, 9, 125'000},
          ChannelSettings{2'400'000'000u, 9, 125'000}}) {
        Datagram d = transmit(10);
        d.settings = bad;
        EXPECT_EQ(decode_bytes(encode(d)), DecodeError::bad_settings);
        d.type = DatagramType::check;
        EXPECT_EQ(decode_bytes(encode(d)), DecodeError::bad_settings);
    }
}

TEST(ChannelProtocol, RefusesNamesThatCouldBreakTheLog) {
    Datagram attach;
    attach.type = DatagramType::attach;
    attach.settings = kSettings;
    for (std::string bad : {std::string(), std::string("a b"), std::string("a\nb"),
                            std::string(33, 'x'), std::string("\x7f")}) {
        attach.name = bad;
        EXPECT_EQ(decode_bytes(encode(attach)), DecodeError::bad_name) << bad;
    }
    attach.name = "ab";
    auto bytes = encode(attach);
    bytes.back() = 0x80;  // not ASCII
    EXPECT_EQ(decode_bytes(bytes), DecodeError::bad_name);
    bytes = encode(attach);
    bytes.pop_back();  // the length says 2, one follows
    EXPECT_EQ(decode_bytes(bytes), DecodeError::too_short);
    bytes = encode(attach);
    bytes.push_back('c');  // the length says 2, three follow
    EXPECT_EQ(decode_bytes(bytes), DecodeError::too_long);
}

TEST(ChannelProtocol, RefusesImpossibleAirtimesAndPayloads) {
    Datagram d = transmit(10);
    d.airtime_us = 0;
    EXPECT_EQ(decode_bytes(encode(d)), DecodeError::bad_airtime);
    d.airtime_us = kMaxAirtimeUs + 1;
    EXPECT_EQ(decode_bytes(encode(d)), DecodeError::bad_airtime);
    EXPECT_EQ(decode_bytes(encode(transmit(0))), DecodeError::bad_payload);
    EXPECT_EQ(decode_bytes(encode(transmit(256))), DecodeError::too_long);

    Datagram frame;
    frame.type = DatagramType::frame;
    EXPECT_EQ(decode_bytes(encode(frame)), DecodeError::bad_payload);
    frame.payload.assign(256, 1);
    EXPECT_EQ(decode_bytes(encode(frame)), DecodeError::too_long);
}

TEST(ChannelProtocol, RefusesTrailingBytesAndBadFlags) {
    Datagram state;
    state.type = DatagramType::channel_state;
    auto bytes = encode(state);
    bytes.back() = 2;
    EXPECT_EQ(decode_bytes(bytes), DecodeError::bad_flag);
    bytes.back() = 1;
    bytes.push_back(0);
    EXPECT_EQ(decode_bytes(bytes), DecodeError::too_long);
    for (DatagramType type : {DatagramType::attached, DatagramType::transmit_done}) {
        Datagram d;
        d.type = type;
        bytes = encode(d);
        bytes.push_back(0);
        EXPECT_EQ(decode_bytes(bytes), DecodeError::too_long);
    }
    Datagram check;
    check.type = DatagramType::check;
    check.settings = kSettings;
    bytes = encode(check);
    bytes.push_back(0);
    EXPECT_EQ(decode_bytes(bytes), DecodeError::too_long);
}

TEST(ChannelProtocol, EveryCutBeforeThePayloadIsRefused) {
    auto whole = encode(transmit(20));
    const std::size_t fixed = 4 + 9 + 4;  // header, settings, airtime
    for (std::size_t cut = 0; cut <= fixed; ++cut) {
        std::vector<std::uint8_t> part(whole.begin(), whole.begin() + static_cast<long>(cut));
        EXPECT_NE(decode_bytes(part), DecodeError::ok) << cut;
    }
}

// Random bytes behind a valid header: whatever decode accepts encodes back to the same bytes
// (nothing is accepted by accident and then misread). Bounded: 20,000 tries.
TEST(ChannelProtocol, WhatDecodeAcceptsFromRandomBytesEncodesBackIdentically) {
    std::mt19937 random(8);
    std::size_t accepted = 0;
    for (int i = 0; i < 20'000; ++i) {
        std::vector<std::uint8_t> bytes{0x42, 0x4C, 1, static_cast<std::uint8_t>(1 + i % 7)};
        std::size_t extra = random() % 24;
        for (std::size_t j = 0; j < extra; ++j)
            bytes.push_back(static_cast<std::uint8_t>(random()));
        Datagram out;
        if (decode(bytes.data(), bytes.size(), out) != DecodeError::ok) continue;
        ++accepted;
        EXPECT_EQ(encode(out), bytes);
    }
    EXPECT_GT(accepted, 0u);  // the short types (attached, transmit_done, channel_state)
}

}  // namespace
}  // namespace baken::modem::host
