// The message-level part of a peer sync session, after the secure channel is up: compare the
// two stores, find the difference with rateless set reconciliation, transfer what each side
// lacks (most urgent first), then keep pushing new messages while the session lasts.
//
// Sans-IO: frames in (on_frame), frames out (next_frame), the time passed in. It reads the
// store and submits what it receives to the validation path; it owns no socket or timer.
// docs/sync-protocol.md describes the exchange.
//
// Errors from on_frame() mean "drop the peer": the reason is for the log. A message refused by
// the validation path is not an error of the session (it is counted), unless a peer keeps
// sending them (kMaxRejectedPerSession).
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "baken/v1/sync.pb.h"
#include "common/result.h"
#include "store/store.h"
#include "sync/reconciliation/short_key.h"
#include "validation/validation_path.h"

namespace baken::sync {

enum class Role { initiator, responder };

struct SyncError {
    std::string reason;
};

struct SyncStats {
    std::uint64_t messages_sent = 0;
    std::uint64_t messages_received = 0;  // accepted and new
    std::uint64_t duplicates_received = 0;
    std::uint64_t rejected_received = 0;
    std::uint64_t symbols_sent = 0;
    std::uint64_t symbols_received = 0;
    std::uint64_t reconciliation_rounds = 0;
    bool reconciled = false;
};

class SyncProtocol {
  public:
    static constexpr std::uint32_t kProtocolVersion = 1;
    static constexpr std::size_t kMaxRejectedPerSession = 100;
    static constexpr std::size_t kRecentlyReceivedMemory = 4096;

    SyncProtocol(Store& store, ValidationPath& validation, std::string node_name, Role role,
                 const std::array<std::uint8_t, 16>& salt_part, std::int64_t now_ms);
    ~SyncProtocol();

    // Handles one decrypted frame from the peer.
    Result<Done, SyncError> on_frame(ByteView frame, std::int64_t now_ms);
    // The next frame to send, at most `max_bytes` long, or nullopt when there is nothing to send
    // now. Call until nullopt whenever the transport can take more.
    std::optional<std::string> next_frame(std::size_t max_bytes, std::int64_t now_ms);
    // A message this node stored (from any source): push it unless the peer is known to have it.
    void on_local_message(const MessageId& id);

    const SyncStats& stats() const { return stats_; }
    std::size_t backlog() const { return to_send_.size(); }
    const std::string& peer_name() const { return peer_name_; }

  private:
    struct Pending;  // a queued message to send, ordered by urgency
    Result<Done, SyncError> on_hello(const v1::SyncHello& hello, std::int64_t now_ms);
    Result<Done, SyncError> on_symbols(const v1::SyncSymbols& symbols);
    Result<Done, SyncError> on_more_symbols(const v1::SyncMoreSymbols& more);
    Result<Done, SyncError> on_decoded(const v1::SyncDecoded& decoded);
    Result<Done, SyncError> on_messages(const v1::SyncMessages& messages);
    Result<Done, SyncError> on_keys(const v1::SyncKeys& keys);
    void send_key_list();
    void finish_with_difference(std::vector<ShortKey> wanted,
                                const std::vector<ShortKey>& theirs_missing);
    void queue_frame(const v1::SyncFrame& frame);
    void queue_symbols(std::size_t count);
    void queue_messages(const std::vector<MessageId>& ids);
    void remember_received(const MessageId& id);
    std::optional<std::string> next_messages_frame(std::size_t max_bytes);

    // sending_symbols: initiator streaming symbols; decoding: responder peeling them;
    // receiving_keys: collecting the peer's key list; awaiting_decoded: our key list is out.
    enum class State {
        awaiting_hello,
        sending_symbols,
        decoding,
        receiving_keys,
        awaiting_decoded,
        live
    };

    Store& store_;
    ValidationPath& validation_;
    std::string node_name_;
    Role role_;
    std::array<std::uint8_t, 16> salt_part_;
    State state_ = State::awaiting_hello;
    std::vector<MessageId> offered_;  // snapshot of live ids at session start
    struct Reconciliation;
    std::unique_ptr<Reconciliation> reconciliation_;
    std::deque<std::string> control_frames_;  // hello, symbols, decoded: sent before messages
    std::set<std::pair<std::pair<int, std::int64_t>, MessageId>> to_send_;  // (rank, created), id
    // Ids received from this peer lately, so they are not pushed straight back (bounded).
    std::set<MessageId> received_recently_;
    std::deque<MessageId> received_order_;
    std::string peer_name_;
    std::uint64_t peer_count_ = 0;     // what the peer's hello declared
    std::vector<ShortKey> peer_keys_;  // its key list, while receiving one
    SyncStats stats_;
};

}  // namespace baken::sync
