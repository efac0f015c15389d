// See radio_link_harness.h. The cast: what the run (radio_link_harness.cc) shares with the
// universe and the stations (radio_link_cast.cc): the wire rules a listener needs to make what
// other stations send and to check what the victim sends (tags, the link frame's check, AX.25
// from a station, how a sender deflates and splits an envelope).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/keys.h"
#include "fuzz/radio_link_harness.h"
#include "radio/codec/callsign.h"
#include "radio/link/link_frame.h"
#include "radio/link/link_policy.h"

namespace baken::fuzz::radio_link {

radio::MessageTag tag_of(const MessageId& id);

// A piece of the marker (any 4 bytes of it): an envelope holding one counts as sealed, so that
// with compression off no piece of the marker may ever go on air (radio_link_harness.h).
bool has_marker_piece(std::string_view bytes);

bool is_urgent(const radio::HeldMessage& m);

// magic | bytes | check: the link frame's check as link_frame.h defines it.
std::string with_check(std::string_view type_sender_body);

radio::Callsign callsign(std::string_view text);

std::string ax25_from(const Station& station, std::string_view link_frame);

// What a sender puts on air for an envelope: deflated when asked and smaller.
struct Payload {
    std::string bytes;
    bool deflated = false;
};
Payload payload_of(const std::string& envelope, bool compress);

// The chunks a sender with frames of `frame_bytes` splits a payload into (link_frame.h).
std::vector<std::string> split_like_a_sender(const std::string& payload, std::size_t frame_bytes);

}  // namespace baken::fuzz::radio_link
