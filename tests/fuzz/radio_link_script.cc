// See radio_link_harness.h. The script builder: RadioLinkScript writes inputs in the layout
// the run (radio_link_harness.cc) reads, for the seed corpus and the recorder
// (make_radio_link_corpus.cc).
#include "fuzz/radio_link_harness.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace baken::fuzz {
namespace {

void push16(std::string& s, std::uint16_t v) {
    s.push_back(static_cast<char>(v >> 8));
    s.push_back(static_cast<char>(v & 0xFF));
}

void push32(std::string& s, std::uint32_t v) {
    push16(s, static_cast<std::uint16_t>(v >> 16));
    push16(s, static_cast<std::uint16_t>(v & 0xFFFF));
}

}  // namespace

RadioLinkScript::RadioLinkScript(const Header& h) {
    bytes_.push_back(static_cast<char>(std::clamp<std::size_t>(h.frame_bytes, 64, 256) - 64));
    bytes_.push_back(static_cast<char>((h.compress ? 1 : 0) | (h.fast ? 2 : 0) | (h.fresh ? 4 : 0) |
                                       ((h.seed & 0x0F) << 4)));
    bytes_.push_back(static_cast<char>(h.held));
}

RadioLinkScript& RadioLinkScript::op(std::uint8_t code) {
    bytes_.push_back(static_cast<char>(code | verdict_));
    return *this;
}

RadioLinkScript& RadioLinkScript::refusing(bool refuse) {
    verdict_ = refuse ? 0x80 : 0;
    return *this;
}

RadioLinkScript& RadioLinkScript::wait_ms(std::uint16_t ms) {
    op(0x10);
    push16(bytes_, ms);
    return *this;
}

RadioLinkScript& RadioLinkScript::wait_units(std::uint16_t units) {
    op(0);
    push16(bytes_, units);
    return *this;
}

RadioLinkScript& RadioLinkScript::tick(std::uint8_t units) {
    op(12);
    bytes_.push_back(static_cast<char>(units));
    return *this;
}

RadioLinkScript& RadioLinkScript::raw(std::string_view frame) {
    op(1);
    push16(bytes_, static_cast<std::uint16_t>(std::min<std::size_t>(frame.size(), 0x7FF)));
    bytes_ += frame.substr(0, 0x7FF);
    return *this;
}

RadioLinkScript& RadioLinkScript::link_frame(std::uint8_t station, std::string_view link,
                                             bool victim_epoch) {
    op(victim_epoch ? 2 | 0x10 : 2);
    bytes_.push_back(static_cast<char>(station));
    push16(bytes_, static_cast<std::uint16_t>(std::min<std::size_t>(link.size(), 0x3FF)));
    bytes_ += link.substr(0, 0x3FF);
    return *this;
}

RadioLinkScript& RadioLinkScript::summary(std::uint8_t station, std::uint32_t epoch,
                                          std::uint16_t mask, std::uint8_t policy) {
    op(3);
    bytes_.push_back(static_cast<char>(station));
    push32(bytes_, epoch);
    push16(bytes_, mask);
    bytes_.push_back(static_cast<char>(policy));
    return *this;
}

RadioLinkScript& RadioLinkScript::lying_summary(std::uint8_t station, std::uint32_t epoch,
                                                std::uint16_t mask, std::uint8_t policy,
                                                std::uint8_t count, std::string_view digest8) {
    op(3 | 0x10);
    bytes_.push_back(static_cast<char>(station));
    push32(bytes_, epoch);
    push16(bytes_, mask);
    bytes_.push_back(static_cast<char>(policy));
    bytes_.push_back(static_cast<char>(count));
    std::string digest(digest8.substr(0, 8));
    digest.resize(8, '\0');
    bytes_ += digest;
    return *this;
}

RadioLinkScript& RadioLinkScript::symbol_request(std::uint8_t station, std::uint8_t target,
                                                 Epoch epoch, std::uint16_t first,
                                                 std::uint16_t count) {
    op(epoch ? 4 | 0x10 : 4);
    bytes_.push_back(static_cast<char>(station));
    bytes_.push_back(static_cast<char>(target));
    if (epoch) push32(bytes_, *epoch);
    push16(bytes_, first);
    push16(bytes_, count);
    return *this;
}

RadioLinkScript& RadioLinkScript::symbols(std::uint8_t station, Epoch epoch, std::uint16_t mask,
                                          std::uint16_t first, std::uint8_t n,
                                          std::uint8_t damage_index, std::uint8_t damage_xor) {
    op(static_cast<std::uint8_t>(5 | (epoch ? 0x10 : 0) | (damage_xor ? 0x20 : 0)));
    bytes_.push_back(static_cast<char>(station));
    if (epoch) push32(bytes_, *epoch);
    push16(bytes_, mask);
    push16(bytes_, first);
    bytes_.push_back(static_cast<char>(n > 0 ? n - 1 : 0));
    if (damage_xor) {
        bytes_.push_back(static_cast<char>(damage_index));
        bytes_.push_back(static_cast<char>(damage_xor));
    }
    return *this;
}

RadioLinkScript& RadioLinkScript::want(std::uint8_t station, std::uint8_t target, Epoch epoch,
                                       std::uint16_t mask,
                                       const std::vector<std::uint64_t>& raw_keys) {
    op(epoch ? 6 | 0x10 : 6);
    bytes_.push_back(static_cast<char>(station));
    bytes_.push_back(static_cast<char>(target));
    if (epoch) push32(bytes_, *epoch);
    push16(bytes_, mask);
    const std::size_t n = std::min<std::size_t>(raw_keys.size(), 255);
    bytes_.push_back(static_cast<char>(n));
    for (std::size_t i = 0; i < n; ++i) {
        bytes_.push_back(static_cast<char>(raw_keys[i] >> 32));
        push32(bytes_, static_cast<std::uint32_t>(raw_keys[i]));
    }
    return *this;
}

RadioLinkScript& RadioLinkScript::fragment(std::uint8_t station, std::uint8_t message,
                                           std::size_t frame_bytes, std::uint16_t index,
                                           bool deflated, bool urgent) {
    op(static_cast<std::uint8_t>(7 | (deflated ? 0x10 : 0) | (urgent ? 0x20 : 0)));
    bytes_.push_back(static_cast<char>(station));
    bytes_.push_back(static_cast<char>(message));
    bytes_.push_back(static_cast<char>(std::clamp<std::size_t>(frame_bytes, 64, 256) - 64));
    push16(bytes_, index);
    return *this;
}

RadioLinkScript& RadioLinkScript::fragments(std::uint8_t station, std::uint8_t message,
                                            std::size_t frame_bytes, std::uint8_t lost,
                                            bool deflated, bool urgent) {
    op(static_cast<std::uint8_t>(7 | 0x40 | (deflated ? 0x10 : 0) | (urgent ? 0x20 : 0)));
    bytes_.push_back(static_cast<char>(station));
    bytes_.push_back(static_cast<char>(message));
    bytes_.push_back(static_cast<char>(std::clamp<std::size_t>(frame_bytes, 64, 256) - 64));
    push16(bytes_, lost);
    return *this;
}

RadioLinkScript& RadioLinkScript::free_data(std::uint8_t station, const FreeData& f) {
    op(static_cast<std::uint8_t>(8 | (f.deflated ? 0x10 : 0) | (f.urgent ? 0x20 : 0)));
    bytes_.push_back(static_cast<char>(station));
    bytes_.push_back(static_cast<char>(f.tag));
    if (f.tag >= kUniverseSize) {
        std::string tag = f.tag_bytes.substr(0, 6);
        tag.resize(6, '\0');
        bytes_ += tag;
    }
    push16(bytes_, f.total);
    push16(bytes_, f.index);
    push16(bytes_, f.count);
    const std::size_t n = std::min<std::size_t>(f.chunk.size(), 255);
    bytes_.push_back(static_cast<char>(n));
    bytes_ += f.chunk.substr(0, n);
    return *this;
}

RadioLinkScript& RadioLinkScript::missing(std::uint8_t station,
                                          const std::vector<Missing>& entries) {
    op(9);
    bytes_.push_back(static_cast<char>(station));
    bytes_.push_back(static_cast<char>(entries.empty() ? 0 : entries.size() - 1));
    for (const Missing& e : entries) {
        bytes_.push_back(static_cast<char>(e.tag));
        if (e.tag >= kUniverseSize) {
            std::string tag = e.tag_bytes.substr(0, 6);
            tag.resize(6, '\0');
            bytes_ += tag;
        }
        bytes_.push_back(static_cast<char>(e.victims_split ? 1 : 0));
        if (!e.victims_split) {
            push16(bytes_, e.total);
            push16(bytes_, e.count);
        }
        bytes_.push_back(static_cast<char>(e.k > 0 ? e.k - 1 : 0));
        push16(bytes_, e.start);
    }
    return *this;
}

RadioLinkScript& RadioLinkScript::held(std::uint8_t message, bool fresh) {
    op(fresh ? 10 | 0x20 : 10);
    bytes_.push_back(static_cast<char>(message));
    return *this;
}

RadioLinkScript& RadioLinkScript::gone(std::uint8_t message) {
    op(10 | 0x10);
    bytes_.push_back(static_cast<char>(message));
    return *this;
}

RadioLinkScript& RadioLinkScript::echo(std::uint8_t k, std::optional<std::uint8_t> as_station) {
    op(as_station ? 11 | 0x10 : 11);
    bytes_.push_back(static_cast<char>(k));
    if (as_station) bytes_.push_back(static_cast<char>(*as_station));
    return *this;
}

}  // namespace baken::fuzz
