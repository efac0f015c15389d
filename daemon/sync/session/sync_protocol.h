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
#include "sync/reconciliation/set_summary.h"
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
    // Envelope bytes of messages new to this node or asked for by this session (a requested
    // message may have come by another peer meanwhile): what the flood limit does not charge.
    std::uint64_t useful_bytes_received = 0;
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

    // `salt` is the same at both ends (from the channel's session id: salt_for_session()).
    SyncProtocol(Store& store, ValidationPath& validation, std::string node_name, Role role,
                 const Salt& salt, std::int64_t now_ms);
    ~SyncProtocol();

    // Handles one decrypted channel frame from the peer (a SyncBundle).
    Result<Done, SyncError> on_frame(ByteView frame, std::int64_t now_ms);
    // The next channel frame to send (a SyncBundle of whatever is ready: control frames first,
    // then messages), at most `max_bytes` long unless a single message is larger, or nullopt
    // when there is nothing to send now. Call until nullopt whenever the transport can take
    // more.
    std::optional<std::string> next_frame(std::size_t max_bytes, std::int64_t now_ms);
    // A frame that only says "still here" (for the idle timer).
    static std::string ping_frame();
    // A message this node stored (from any source): push it unless the peer is known to have it.
    void on_local_message(const MessageId& id);

    const SyncStats& stats() const { return stats_; }
    std::size_t backlog() const { return to_send_.size(); }
    const std::string& peer_name() const { return peer_name_; }

  private:
    Result<Done, SyncError> on_sync_frame(const v1::SyncFrame& frame);
    Result<Done, SyncError> on_hello(const v1::SyncHello& hello);
    Result<Done, SyncError> on_symbols(const v1::SyncSymbols& symbols);
    Result<Done, SyncError> on_more_symbols(const v1::SyncMoreSymbols& more);
    Result<Done, SyncError> on_decoded(const v1::SyncDecoded& decoded);
    Result<Done, SyncError> on_messages(const v1::SyncMessages& messages);
    Result<Done, SyncError> on_keys(const v1::SyncKeys& keys);
    bool lists_keys_instead(std::uint64_t peer_count) const;
    void choose_key_lists(std::uint64_t peer_count);
    void queue_hello(bool with_digest);
    void send_key_list();
    void finish_with_difference(std::vector<ShortKey> wanted,
                                const std::vector<ShortKey>& theirs_missing);
    void queue_frame(v1::SyncFrame frame);
    void queue_symbols(std::size_t count);
    void queue_messages(const std::vector<MessageId>& ids);
    void remember_received(const MessageId& id);
    void add_messages(v1::SyncBundle& bundle, std::size_t room);

    // sending_symbols: initiator streaming symbols; decoding: responder peeling them;
    // receiving_keys: collecting the peer's key list; awaiting_decoded: our key list is out;
    // live: reconciled, pushing new messages.
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
    State state_ = State::awaiting_hello;
    bool peer_hello_seen_ = false;
    bool hello_queued_ = false;       // messages go only after our hello
    std::vector<MessageId> offered_;  // snapshot of live ids at session start
    SessionSummary summary_;          // of offered_
    struct Reconciliation;
    std::unique_ptr<Reconciliation> reconciliation_;
    std::deque<v1::SyncFrame> control_frames_;  // hello, symbols, decoded: before messages
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
