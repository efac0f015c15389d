// Size and time limits of the message format (docs/message-format.md explains each).
// They bound memory per message and keep a message small enough for a radio link.
#pragma once

#include <cstddef>
#include <cstdint>

namespace baken::limits {

inline constexpr std::size_t kMaxEnvelopeBytes = 16 * 1024;  // whole Envelope on any wire
inline constexpr int kMaxNestingDepth = 16;                  // protobuf recursion limit
inline constexpr std::uint32_t kFormatVersion = 1;

inline constexpr std::size_t kMaxShortText = 128;  // ids, names, topics, units, labels
inline constexpr std::size_t kMaxHeadline = 256;
inline constexpr std::size_t kMaxLongText = 4000;  // sitrep entry text, announcement text
inline constexpr std::size_t kMaxSitrepEntries = 32;
inline constexpr std::size_t kMaxCountsPerEntry = 16;
inline constexpr std::size_t kMaxSealedRecipients = 8;
inline constexpr std::size_t kMaxSealedBytes = 8 * 1024;

// What an announcement keeps of an imported CAP alert (docs/cap.md). The envelope limit
// still bounds the whole; these bound each repeated part.
inline constexpr std::size_t kMaxCapAreas = 16;
inline constexpr std::size_t kMaxCapShapesPerArea = 8;  // polygons + circles
inline constexpr std::size_t kMaxCapShapeBytes = 8000;  // one polygon's "lat,lon ..." text
inline constexpr std::size_t kMaxCapValues = 32;  // geocodes per area, parameters, event codes
inline constexpr std::size_t kMaxCapCodes = 8;
inline constexpr std::size_t kMaxCapResponseTypes = 9;  // CAP 1.2 defines nine
inline constexpr std::size_t kMaxCapExtraCategories = 11;

// A message may live at most this long; crisis information older than that is history.
inline constexpr std::int64_t kMaxLifetimeMs = 90LL * 24 * 3600 * 1000;
// The last millisecond of the year 9999 (UTC): times in announcements stay below it, so that
// CAP and calendars can write them and adding a time-zone offset cannot overflow.
inline constexpr std::int64_t kLatestTimeMs = 253402300799999;
// How far an author's clock may run ahead of ours before we call its message "from the future".
inline constexpr std::int64_t kMaxClockSkewMs = 15LL * 60 * 1000;

}  // namespace baken::limits
