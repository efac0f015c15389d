// The message store: every valid message this node holds, in LMDB.
//
// DURABILITY CONTRACT
//   put()/put_batch() return only after the LMDB write transaction has committed with
//   fsync (the environment is opened without MDB_NOSYNC, MDB_NOMETASYNC or MDB_WRITEMAP).
//   A message reported `stored` or `duplicate` is therefore on disk and survives kill -9
//   and power loss (given a disk that honours fsync). Callers acknowledge a message to a
//   client or peer only after that. A batch commits whole or not at all: after a failed
//   commit every message of the batch reports storage_error and none is stored.
//
// QUOTA AND EVICTION
//   Each message costs its envelope size plus kIndexOverheadBytes. When a new message does
//   not fit in the quota, the store first evicts expired messages (soonest expiry first),
//   then the lowest precedence, oldest first — but never a message more urgent than the one
//   being stored: then the new message is refused with storage_full.
//
// THREADS
//   One Store per data directory per process (the daemon also holds a lock file). Calls
//   must not overlap: the daemon calls from its single event-loop thread.
//
// The store trusts what it is given: only the validation path calls put().
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/result.h"
#include "message/decoded_message.h"
#include "message/kind.h"
#include "message/reject.h"

namespace baken {

struct StoreOptions {
    std::filesystem::path dir;  // created if missing; holds data.mdb and lock.mdb
    std::uint64_t quota_bytes = 1ull << 30;
};

struct StoredMessage {
    std::string envelope_bytes;
    MessageId id{};
    std::int64_t received_ms = 0;
};

enum class PutStatus { stored, duplicate, rejected };

struct PutOutcome {
    PutStatus status;
    std::optional<Reject> reject;  // set when rejected: storage_full or storage_error
};

struct StoreQuery {
    std::optional<Kind> kind = std::nullopt;
    std::optional<PublicKey> author = std::nullopt;
    std::int64_t created_since_ms = 0;  // inclusive
    bool include_expired = false;
    std::int64_t now_ms = 0;  // for include_expired = false
    std::size_t limit = 100;  // newest first
};

struct StoreStats {
    std::uint64_t message_count = 0;
    std::uint64_t used_bytes = 0;
    std::uint64_t quota_bytes = 0;
    std::uint64_t evicted_total = 0;
    std::map<Kind, std::uint64_t> by_kind;
};

class Store {
  public:
    // What a message costs in data.mdb beyond its envelope: the record, five index entries and
    // B-tree page slack. Measured: 100,000 sitreps of ~310 bytes took 961 bytes each on disk.
    static constexpr std::uint64_t kIndexOverheadBytes = 700;

    // Errors: the directory cannot be created, or LMDB cannot open it (text says which).
    static Result<std::unique_ptr<Store>, std::string> open(const StoreOptions& options);
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    // Stores validated messages in one durable transaction. Outcomes are in input order.
    // A message already held (same id) is `duplicate` and changes nothing. A message whose
    // author replaced it (a later message of theirs names it in `supersedes`) is rejected as
    // `superseded` for as long as the replacement is held (also after a restart); storing the
    // replacement withdraws it. When the replacement goes — expired, evicted, or withdrawn
    // because its key was revoked (a thief's "corrections") — the old one may come back.
    std::vector<PutOutcome> put_batch(std::span<const DecodedMessage* const> messages,
                                      std::int64_t received_ms, std::int64_t now_ms);
    PutOutcome put(const DecodedMessage& message, std::int64_t received_ms, std::int64_t now_ms);

    std::optional<StoredMessage> get(const MessageId& id) const;
    bool contains(const MessageId& id) const;
    // Messages matching the query, newest (by creation time) first.
    std::vector<StoredMessage> list(const StoreQuery& query) const;
    // Ids whose bytes start with `prefix`, in id order, at most `max` (for short ids typed by
    // people).
    std::vector<MessageId> ids_starting_with(ByteView prefix, std::size_t max) const;
    // Ids of the messages that have not expired at `now_ms` (what a node offers its peers),
    // soonest expiry first.
    std::vector<MessageId> live_ids(std::int64_t now_ms) const;
    // Every stored message id in creation order; `visit` returns false to stop.
    void for_each_id(const std::function<bool(const MessageId&)>& visit) const;
    // The stored messages in id order, from the first id after `after` (from the start when
    // null), in one read transaction: what a rebuild of the picture reads, one sequential pass
    // over the records rather than a lookup per id, in slices. `visit` returns false to stop.
    // A record that no longer parses is passed with empty envelope bytes. Each record is read
    // once, so afterwards this process lets go of the pages it read (MADV_DONTNEED on the
    // read-only map: they stay in the page cache and come back without I/O when next read);
    // otherwise a rebuild would leave all of data.mdb resident in bakend, counted in its RSS and
    // in the OOM killer's judgement of it.
    // Returns false when LMDB could not open the read transaction (nothing was visited).
    bool for_each_message(const std::function<bool(const StoredMessage&)>& visit,
                          const MessageId* after = nullptr) const;

    // Removes up to `max` messages whose expiry has passed (soonest first); returns how many.
    // Durable on return. Bounded so one call never holds the event loop for long: call
    // again while it returns `max`.
    Result<std::size_t, std::string> remove_expired(std::int64_t now_ms, std::size_t max = 1000);

    // Removes the given messages (those held; others are skipped) in one durable transaction;
    // returns how many were removed. For withdrawals: a revoked key's later messages.
    Result<std::size_t, std::string> remove(std::span<const MessageId> ids);

    StoreStats stats() const;

    // Called after every commit that removed messages (expired, evicted, superseded, withdrawn),
    // with their ids: how the picture forgets what the node no longer holds. One listener.
    using RemovedListener = std::function<void(std::span<const MessageId>)>;
    void on_removed(RemovedListener listener) { on_removed_ = std::move(listener); }

    struct Lmdb;  // the LMDB handles; defined in store.cc

  private:
    explicit Store(std::unique_ptr<Lmdb> lmdb, std::uint64_t quota);
    void report_removed(std::span<const MessageId> ids) const;
    std::unique_ptr<Lmdb> lmdb_;
    std::uint64_t quota_;
    RemovedListener on_removed_;
};

}  // namespace baken
