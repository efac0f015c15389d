// See store.h for the contract. This file maps messages onto the LMDB layout of index_keys.h.
#include "store/store.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <set>
#include <system_error>

#include "baken/v1/store.pb.h"
#include "store/index_keys.h"
#include "store/lmdb_handle.h"

namespace baken {
namespace ik = index_keys;

struct Store::Lmdb {
    MDB_env* env = nullptr;
    MDB_dbi messages, by_created, by_kind, by_author, by_expiry, by_eviction, meta;
    MDB_dbi superseded;     // (id of a replaced message, its author) -> the replacing id
    MDB_dbi supersedes_by;  // the replacing id -> its key in `superseded`
    ~Lmdb() {
        if (env) mdb_env_close(env);
    }
};

namespace {

constexpr std::string_view kMetaUsed = "used_bytes";
constexpr std::string_view kMetaCount = "count";
constexpr std::string_view kMetaEvicted = "evicted";
std::string meta_kind_key(Kind kind) {
    return "kind." + std::to_string(static_cast<int>(kind));
}

// What the index entries of one message are derived from.
struct IndexFacts {
    MessageId id{};
    std::string author;
    Kind kind = v1::Body::KIND_NOT_SET;
    int rank = 9;
    std::int64_t created = 0, expires = 0;
    std::uint64_t cost = 0;
};

IndexFacts facts_of(const DecodedMessage& m) {
    return {m.id,
            m.message.author(),
            m.message.body().kind_case(),
            precedence_rank(m.message.precedence()),
            m.message.created_ms(),
            m.message.expires_ms(),
            m.envelope_bytes.size() + Store::kIndexOverheadBytes};
}

std::string kind_key(const IndexFacts& f) {
    return ik::prefixed(std::string(1, static_cast<char>(f.kind)), f.created, f.id);
}
std::string author_key(const IndexFacts& f) {
    return ik::prefixed(f.author, f.created, f.id);
}
std::string eviction_key(const IndexFacts& f) {
    return ik::prefixed(std::string(1, static_cast<char>(255 - f.rank)), f.created, f.id);
}

// Running totals for one write transaction, written back to `meta` before commit.
struct Totals {
    std::uint64_t used = 0, count = 0, evicted = 0;
    std::map<Kind, std::int64_t> kind_delta;
    std::vector<MessageId> removed;  // reported to the removal listener after commit
};

std::uint64_t meta_get(const lmdb::Txn& txn, MDB_dbi meta, std::string_view key) {
    auto v = txn.get(meta, key);
    return v ? ik::read_u64(*v) : 0;
}
int meta_put(lmdb::Txn& txn, MDB_dbi meta, std::string_view key, std::uint64_t value) {
    std::string v;
    ik::append_u64(v, value);
    return txn.put(meta, key, v);
}

}  // namespace

Result<std::unique_ptr<Store>, std::string> Store::open(const StoreOptions& options) {
    std::error_code ec;
    std::filesystem::create_directories(options.dir, ec);
    if (ec)
        return fail("cannot create store directory " + options.dir.string() + ": " + ec.message());

    auto lmdb = std::make_unique<Lmdb>();
    auto check = [&](int rc, const char* what) -> std::optional<std::string> {
        if (rc == 0) return std::nullopt;
        return std::string("store ") + options.dir.string() + ": " + what + ": " +
               lmdb::error_text(rc);
    };
    if (auto e = check(mdb_env_create(&lmdb->env), "create environment")) return fail(*e);
    // The map is address space, not disk: room for the quota plus B-tree pages and free lists.
    // Twice the quota: the quota counts envelopes plus kIndexOverheadBytes each, and B-tree
    // pages left free by copy-on-write need room too.
    std::uint64_t map_size = std::max<std::uint64_t>(options.quota_bytes * 2, 64ull << 20);
    if (auto e = check(mdb_env_set_mapsize(lmdb->env, map_size), "set map size")) return fail(*e);
    if (auto e = check(mdb_env_set_maxdbs(lmdb->env, 10), "set database count")) return fail(*e);
    // No MDB_NOSYNC / MDB_NOMETASYNC: commits are durable (see the contract in store.h).
    if (auto e = check(mdb_env_open(lmdb->env, options.dir.c_str(), MDB_NOTLS, 0600), "open")) {
        return fail(*e);
    }
    int dead = 0;
    mdb_reader_check(lmdb->env, &dead);  // clear reader slots left by a killed process

    lmdb::Txn txn(lmdb->env, true);
    if (!txn.ok()) return fail(*check(txn.error(), "begin"));
    struct Named {
        const char* name;
        MDB_dbi* dbi;
    } dbs[] = {{"messages", &lmdb->messages},
               {"by_created", &lmdb->by_created},
               {"by_kind", &lmdb->by_kind},
               {"by_author", &lmdb->by_author},
               {"by_expiry", &lmdb->by_expiry},
               {"by_eviction", &lmdb->by_eviction},
               {"meta", &lmdb->meta},
               {"superseded", &lmdb->superseded},
               {"supersedes_by", &lmdb->supersedes_by}};
    for (auto& db : dbs) {
        if (auto e = check(mdb_dbi_open(txn.get(), db.name, MDB_CREATE, db.dbi), db.name))
            return fail(*e);
    }
    if (auto e = check(txn.commit(), "commit")) return fail(*e);
    return std::unique_ptr<Store>(new Store(std::move(lmdb), options.quota_bytes));
}

Store::Store(std::unique_ptr<Lmdb> lmdb, std::uint64_t quota)
    : lmdb_(std::move(lmdb)), quota_(quota) {}
Store::~Store() = default;

namespace {

// Inserts or removes every index entry of one message. Returns 0 or the first LMDB error.
int write_indexes(lmdb::Txn& txn, const Store::Lmdb& db, const IndexFacts& f, bool remove) {
    const std::string keys[] = {ik::time_then_id(f.created, f.id), kind_key(f), author_key(f),
                                ik::time_then_id(f.expires, f.id), eviction_key(f)};
    const MDB_dbi dbis[] = {db.by_created, db.by_kind, db.by_author, db.by_expiry, db.by_eviction};
    for (int i = 0; i < 5; ++i) {
        int rc = remove ? txn.del(dbis[i], keys[i]) : txn.put(dbis[i], keys[i], "");
        if (rc != 0 && !(remove && rc == MDB_NOTFOUND)) return rc;
    }
    return 0;
}

std::optional<IndexFacts> facts_of_stored(const lmdb::Txn& txn, const Store::Lmdb& db,
                                          const MessageId& id) {
    auto raw = txn.get(db.messages, ik::id_bytes(id));
    if (!raw) return std::nullopt;
    v1::StoredRecord record;
    v1::Envelope envelope;
    v1::Message message;
    if (!record.ParseFromArray(raw->data(), static_cast<int>(raw->size())) ||
        !envelope.ParseFromString(record.envelope()) ||
        !message.ParseFromString(envelope.signed_())) {
        return std::nullopt;
    }
    DecodedMessage d;
    d.id = id;
    d.message = std::move(message);
    IndexFacts f = facts_of(d);
    f.cost = record.envelope().size() + Store::kIndexOverheadBytes;
    return f;
}

// A replacement lasts as long as the replacing message: when it goes (expired, evicted, or
// withdrawn because its key was revoked — a thief's "corrections"), the replaced message may
// be taken again. That also bounds the records by the messages held.
int forget_supersession(lmdb::Txn& txn, const Store::Lmdb& db, const MessageId& replacing) {
    auto key = txn.get(db.supersedes_by, ik::id_bytes(replacing));
    if (!key) return 0;
    std::string replaced_key(*key);  // copied: LMDB's memory changes with the deletes
    auto owner = txn.get(db.superseded, replaced_key);
    if (owner && *owner == ik::id_bytes(replacing)) {
        if (int rc = txn.del(db.superseded, replaced_key)) return rc;
    }
    return txn.del(db.supersedes_by, ik::id_bytes(replacing));
}

int remove_message(lmdb::Txn& txn, const Store::Lmdb& db, const IndexFacts& f, Totals& totals) {
    if (int rc = forget_supersession(txn, db, f.id)) return rc;
    if (int rc = write_indexes(txn, db, f, true)) return rc;
    if (int rc = txn.del(db.messages, ik::id_bytes(f.id))) return rc;
    totals.used -= std::min(totals.used, f.cost);
    totals.count -= std::min<std::uint64_t>(totals.count, 1);
    totals.kind_delta[f.kind] -= 1;
    totals.removed.push_back(f.id);
    return 0;
}

// Chooses messages to evict so that `f` fits: expired ones first (soonest expiry first), then
// the least important, oldest first — never one more urgent than `f`, and never one stored
// earlier in this same batch (it has been reported stored). Deletes nothing: the caller
// deletes the victims only when they free enough room, so a refusal changes nothing.
std::optional<std::vector<IndexFacts>> choose_victims(const lmdb::Txn& txn, const Store::Lmdb& db,
                                                      const IndexFacts& f, std::uint64_t need,
                                                      std::int64_t now_ms,
                                                      const std::set<MessageId>& this_batch) {
    std::vector<IndexFacts> victims;
    std::set<MessageId> chosen;
    std::uint64_t freed = 0;
    auto take = [&](const MessageId& id) {
        if (this_batch.count(id) || chosen.count(id)) return;
        if (auto facts = facts_of_stored(txn, db, id)) {
            freed += facts->cost;
            chosen.insert(id);
            victims.push_back(std::move(*facts));
        }
    };
    lmdb::Cursor by_expiry(txn, db.by_expiry);
    for (auto k = by_expiry.first(); k && freed < need && ik::read_time(*k) <= now_ms;
         k = by_expiry.next()) {
        take(ik::id_suffix(*k));
    }
    lmdb::Cursor by_eviction(txn, db.by_eviction);
    for (auto k = by_eviction.first(); k && freed < need; k = by_eviction.next()) {
        int rank = 255 - static_cast<std::uint8_t>((*k)[0]);
        if (rank < f.rank) break;  // lower rank = more urgent than what we are storing
        take(ik::id_suffix(*k));
    }
    if (freed < need) return std::nullopt;
    return victims;
}

// Makes room for `f` within `quota`. Returns a Reject when it cannot; then nothing changed.
std::optional<Reject> make_room(lmdb::Txn& txn, const Store::Lmdb& db, const IndexFacts& f,
                                std::uint64_t quota, std::int64_t now_ms, Totals& totals,
                                const std::set<MessageId>& this_batch) {
    if (f.cost > quota)
        return Reject{RejectCode::storage_full, "message is larger than the whole quota"};
    if (totals.used + f.cost <= quota) return std::nullopt;
    auto victims = choose_victims(txn, db, f, totals.used + f.cost - quota, now_ms, this_batch);
    if (!victims) {
        return Reject{RejectCode::storage_full, "storage quota of " + std::to_string(quota >> 20) +
                                                    " MiB is full of messages at least as urgent"};
    }
    for (const IndexFacts& victim : *victims) {
        if (int rc = remove_message(txn, db, victim, totals)) {
            return Reject{RejectCode::storage_error, lmdb::error_text(rc)};
        }
        ++totals.evicted;
    }
    return std::nullopt;
}

std::optional<Reject> insert(lmdb::Txn& txn, const Store::Lmdb& db, const DecodedMessage& m,
                             std::int64_t received_ms, std::uint64_t quota, std::int64_t now_ms,
                             Totals& totals, const std::set<MessageId>& this_batch) {
    IndexFacts f = facts_of(m);
    if (auto reject = make_room(txn, db, f, quota, now_ms, totals, this_batch)) return reject;
    v1::StoredRecord record;
    record.set_envelope(m.envelope_bytes);
    record.set_received_ms(received_ms);
    int rc = txn.put(db.messages, ik::id_bytes(m.id), record.SerializeAsString(), MDB_NOOVERWRITE);
    if (rc == 0) rc = write_indexes(txn, db, f, false);
    // Any failed put leaves the LMDB transaction unusable: the caller fails the whole batch.
    if (rc == MDB_MAP_FULL)
        return Reject{RejectCode::storage_error, "the store's file reached its map size"};
    if (rc != 0) return Reject{RejectCode::storage_error, lmdb::error_text(rc)};
    totals.used += f.cost;
    totals.count += 1;
    totals.kind_delta[f.kind] += 1;
    return std::nullopt;
}

Totals load_totals(const lmdb::Txn& txn, MDB_dbi meta) {
    return {meta_get(txn, meta, kMetaUsed),
            meta_get(txn, meta, kMetaCount),
            meta_get(txn, meta, kMetaEvicted),
            {},
            {}};
}

int save_totals(lmdb::Txn& txn, MDB_dbi meta, const Totals& t) {
    int rc = meta_put(txn, meta, kMetaUsed, t.used);
    if (rc == 0) rc = meta_put(txn, meta, kMetaCount, t.count);
    if (rc == 0) rc = meta_put(txn, meta, kMetaEvicted, t.evicted);
    for (auto& [kind, delta] : t.kind_delta) {
        if (rc != 0 || delta == 0) continue;
        std::string key = meta_kind_key(kind);
        std::int64_t now = static_cast<std::int64_t>(meta_get(txn, meta, key)) + delta;
        rc = meta_put(txn, meta, key, static_cast<std::uint64_t>(std::max<std::int64_t>(now, 0)));
    }
    return rc;
}

std::vector<PutOutcome> all_failed(std::size_t n, const std::string& why) {
    return std::vector<PutOutcome>(
        n, PutOutcome{PutStatus::rejected, Reject{RejectCode::storage_error, why}});
}

}  // namespace

namespace {

// A message its own author replaced by a later one (Message.supersedes) is not taken again
// while the replacement is held: a replay of it must not bring back what the author corrected.
// Keyed by id and author, so a claim by someone else neither counts nor blocks the author's own.
std::string supersession_key(const MessageId& id, const std::string& author) {
    return std::string(ik::id_bytes(id)) + author;
}

bool is_superseded(const lmdb::Txn& txn, const Store::Lmdb& db, const DecodedMessage& m) {
    return txn.get(db.superseded, supersession_key(m.id, m.message.author())).has_value();
}

// Records what `m` replaces and withdraws it if held (only a message by the same author: nobody
// can replace someone else's). Returns an LMDB error code, 0 on success.
int record_supersession(lmdb::Txn& txn, const Store::Lmdb& db, const DecodedMessage& m,
                        Totals& totals) {
    const std::string& target = m.message.supersedes();
    if (target.size() != kMessageIdSize) return 0;
    MessageId old{};
    std::copy(target.begin(), target.end(), old.begin());
    std::string key = supersession_key(old, m.message.author());
    if (int rc = txn.put(db.superseded, key, ik::id_bytes(m.id))) return rc;
    if (int rc = txn.put(db.supersedes_by, ik::id_bytes(m.id), key)) return rc;
    auto facts = facts_of_stored(txn, db, old);
    if (!facts || facts->author != m.message.author()) return 0;
    return remove_message(txn, db, *facts, totals);
}

}  // namespace

std::vector<PutOutcome> Store::put_batch(std::span<const DecodedMessage* const> messages,
                                         std::int64_t received_ms, std::int64_t now_ms) {
    lmdb::Txn txn(lmdb_->env, true);
    if (!txn.ok()) return all_failed(messages.size(), lmdb::error_text(txn.error()));
    Totals totals = load_totals(txn, lmdb_->meta);
    std::vector<PutOutcome> outcomes;
    outcomes.reserve(messages.size());
    std::set<MessageId> stored_now;
    for (const DecodedMessage* m : messages) {
        if (txn.get(lmdb_->messages, ik::id_bytes(m->id))) {
            outcomes.push_back({PutStatus::duplicate, std::nullopt});
            continue;
        }
        if (is_superseded(txn, *lmdb_, *m)) {
            outcomes.push_back(
                {PutStatus::rejected,
                 Reject{RejectCode::superseded, "its author replaced it with a later message"}});
            continue;
        }
        auto reject = insert(txn, *lmdb_, *m, received_ms, quota_, now_ms, totals, stored_now);
        if (!reject) {
            if (int rc = record_supersession(txn, *lmdb_, *m, totals)) {
                reject = Reject{RejectCode::storage_error, lmdb::error_text(rc)};
            }
        }
        if (reject && reject->code == RejectCode::storage_error) {
            return all_failed(messages.size(), reject->detail);  // txn aborts: nothing stored
        }
        if (reject) {
            outcomes.push_back({PutStatus::rejected, std::move(reject)});
        } else {
            outcomes.push_back({PutStatus::stored, std::nullopt});
            stored_now.insert(m->id);
        }
    }
    if (stored_now.empty()) return outcomes;  // nothing changed: no commit, no fsync
    if (int rc = save_totals(txn, lmdb_->meta, totals))
        return all_failed(messages.size(), lmdb::error_text(rc));
    if (int rc = txn.commit())
        return all_failed(messages.size(), "commit failed: " + lmdb::error_text(rc));
    report_removed(totals.removed);
    return outcomes;
}

PutOutcome Store::put(const DecodedMessage& message, std::int64_t received_ms,
                      std::int64_t now_ms) {
    const DecodedMessage* one[] = {&message};
    return put_batch(one, received_ms, now_ms).front();
}

namespace {

std::optional<StoredMessage> read_stored(const lmdb::Txn& txn, MDB_dbi messages,
                                         const MessageId& id) {
    auto raw = txn.get(messages, ik::id_bytes(id));
    if (!raw) return std::nullopt;
    v1::StoredRecord record;
    if (!record.ParseFromArray(raw->data(), static_cast<int>(raw->size()))) return std::nullopt;
    return StoredMessage{std::move(*record.mutable_envelope()), id, record.received_ms()};
}

}  // namespace

std::optional<StoredMessage> Store::get(const MessageId& id) const {
    lmdb::Txn txn(lmdb_->env, false);
    if (!txn.ok()) return std::nullopt;
    return read_stored(txn, lmdb_->messages, id);
}

bool Store::contains(const MessageId& id) const {
    lmdb::Txn txn(lmdb_->env, false);
    return txn.ok() && txn.get(lmdb_->messages, ik::id_bytes(id)).has_value();
}

std::vector<StoredMessage> Store::list(const StoreQuery& q) const {
    std::vector<StoredMessage> out;
    lmdb::Txn txn(lmdb_->env, false);
    if (!txn.ok() || q.limit == 0) return out;

    // Walk the narrowest index backwards from its newest entry with the right prefix.
    std::string prefix;
    MDB_dbi index = lmdb_->by_created;
    if (q.author) {
        index = lmdb_->by_author;
        prefix.assign(reinterpret_cast<const char*>(q.author->data()), q.author->size());
    } else if (q.kind) {
        index = lmdb_->by_kind;
        prefix.assign(1, static_cast<char>(*q.kind));
    }
    lmdb::Cursor cursor(txn, index);
    std::string after_prefix = prefix;
    after_prefix.append(8 + kMessageIdSize, '\xff');
    auto key = cursor.seek(after_prefix);
    key = key ? cursor.prev() : cursor.last();
    for (; key && key->substr(0, prefix.size()) == prefix; key = cursor.prev()) {
        std::int64_t created = ik::read_time(key->substr(prefix.size(), 8));
        if (created < q.created_since_ms) break;
        auto stored = read_stored(txn, lmdb_->messages, ik::id_suffix(*key));
        if (!stored) continue;
        if (q.kind || !q.include_expired) {
            v1::Envelope envelope;
            v1::Message message;
            if (!envelope.ParseFromString(stored->envelope_bytes) ||
                !message.ParseFromString(envelope.signed_())) {
                continue;
            }
            if (q.kind && message.body().kind_case() != *q.kind) continue;
            if (!q.include_expired && message.expires_ms() <= q.now_ms) continue;
        }
        out.push_back(std::move(*stored));
        if (out.size() >= q.limit) break;
    }
    return out;
}

std::vector<MessageId> Store::ids_starting_with(ByteView prefix, std::size_t max) const {
    std::vector<MessageId> out;
    lmdb::Txn txn(lmdb_->env, false);
    if (!txn.ok()) return out;
    std::string_view p = as_chars(prefix);
    lmdb::Cursor cursor(txn, lmdb_->messages);
    for (auto key = cursor.seek(p); key && key->substr(0, p.size()) == p && out.size() < max;
         key = cursor.next()) {
        out.push_back(ik::id_suffix(*key));
    }
    return out;
}

std::vector<MessageId> Store::live_ids(std::int64_t now_ms) const {
    std::vector<MessageId> out;
    lmdb::Txn txn(lmdb_->env, false);
    if (!txn.ok()) return out;
    lmdb::Cursor cursor(txn, lmdb_->by_expiry);
    // The first key after every message expiring at or before now: time now+1, smallest id.
    for (auto key = cursor.seek(ik::time_then_id(now_ms + 1, MessageId{})); key;
         key = cursor.next()) {
        out.push_back(ik::id_suffix(*key));
    }
    return out;
}

void Store::for_each_id(const std::function<bool(const MessageId&)>& visit) const {
    lmdb::Txn txn(lmdb_->env, false);
    if (!txn.ok()) return;
    lmdb::Cursor cursor(txn, lmdb_->by_created);
    for (auto key = cursor.first(); key; key = cursor.next()) {
        if (!visit(ik::id_suffix(*key))) return;
    }
}

namespace {

// The stretch of the LMDB map a pass has read, to hand back to the kernel after it.
class MappedSpan {
  public:
    void add(std::string_view bytes) {
        auto from = reinterpret_cast<std::uintptr_t>(bytes.data());
        lo_ = std::min(lo_, from);
        hi_ = std::max(hi_, from + bytes.size());
    }
    void release() const {
        if (hi_ <= lo_) return;
        const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
        const std::uintptr_t start = lo_ & ~(page - 1);
        const std::uintptr_t end = (hi_ + page - 1) & ~(page - 1);
        // Advice only: if the kernel refuses it the pages simply stay mapped.
        (void)::madvise(reinterpret_cast<void*>(start), end - start, MADV_DONTNEED);
    }

  private:
    std::uintptr_t lo_ = UINTPTR_MAX;
    std::uintptr_t hi_ = 0;
};

}  // namespace

bool Store::for_each_message(const std::function<bool(const StoredMessage&)>& visit,
                             const MessageId* after) const {
    lmdb::Txn txn(lmdb_->env, false);
    if (!txn.ok()) return false;
    lmdb::Cursor cursor(txn, lmdb_->messages);
    auto key = after ? cursor.seek(ik::id_bytes(*after)) : cursor.first();
    if (key && after && *key == ik::id_bytes(*after)) key = cursor.next();
    v1::StoredRecord record;
    StoredMessage stored;
    MappedSpan read;
    for (; key; key = cursor.next()) {
        auto raw = cursor.value();
        if (raw) read.add(*raw);
        stored.id = ik::id_suffix(*key);
        stored.envelope_bytes.clear();
        stored.received_ms = 0;
        if (raw && record.ParseFromArray(raw->data(), static_cast<int>(raw->size()))) {
            stored.envelope_bytes.swap(*record.mutable_envelope());
            stored.received_ms = record.received_ms();
        }
        if (!visit(stored)) break;
    }
    read.release();
    return true;
}

namespace {

// Ends a transaction that removed `removed` messages: nothing to write when none.
Result<std::size_t, std::string> commit_removals(lmdb::Txn& txn, MDB_dbi meta, const Totals& totals,
                                                 std::size_t removed) {
    if (removed == 0) return removed;
    if (int rc = save_totals(txn, meta, totals)) return fail(lmdb::error_text(rc));
    if (int rc = txn.commit()) return fail("commit failed: " + lmdb::error_text(rc));
    return removed;
}

}  // namespace

void Store::report_removed(std::span<const MessageId> ids) const {
    if (on_removed_ && !ids.empty()) on_removed_(ids);
}

Result<std::size_t, std::string> Store::remove_expired(std::int64_t now_ms, std::size_t max) {
    lmdb::Txn txn(lmdb_->env, true);
    if (!txn.ok()) return fail(lmdb::error_text(txn.error()));
    Totals totals = load_totals(txn, lmdb_->meta);
    std::size_t removed = 0;
    while (removed < max) {
        std::optional<MessageId> id;
        {
            lmdb::Cursor cursor(txn, lmdb_->by_expiry);
            auto key = cursor.first();
            if (key && ik::read_time(*key) <= now_ms) id = ik::id_suffix(*key);
        }
        if (!id) break;
        auto facts = facts_of_stored(txn, *lmdb_, *id);
        if (!facts) return fail(std::string("index points at a missing message"));
        if (int rc = remove_message(txn, *lmdb_, *facts, totals)) return fail(lmdb::error_text(rc));
        ++removed;
    }
    auto result = commit_removals(txn, lmdb_->meta, totals, removed);
    if (result) report_removed(totals.removed);
    return result;
}

Result<std::size_t, std::string> Store::remove(std::span<const MessageId> ids) {
    lmdb::Txn txn(lmdb_->env, true);
    if (!txn.ok()) return fail(lmdb::error_text(txn.error()));
    Totals totals = load_totals(txn, lmdb_->meta);
    std::size_t removed = 0;
    for (const MessageId& id : ids) {
        auto facts = facts_of_stored(txn, *lmdb_, id);
        if (!facts) continue;  // not held
        if (int rc = remove_message(txn, *lmdb_, *facts, totals)) return fail(lmdb::error_text(rc));
        ++removed;
    }
    auto result = commit_removals(txn, lmdb_->meta, totals, removed);
    if (result) report_removed(totals.removed);
    return result;
}

StoreStats Store::stats() const {
    StoreStats s;
    s.quota_bytes = quota_;
    lmdb::Txn txn(lmdb_->env, false);
    if (!txn.ok()) return s;
    Totals t = load_totals(txn, lmdb_->meta);
    s.message_count = t.count;
    s.used_bytes = t.used;
    s.evicted_total = t.evicted;
    for (int k = 1; k <= 8; ++k) {
        auto kind = static_cast<Kind>(k);
        if (auto n = meta_get(txn, lmdb_->meta, meta_kind_key(kind))) s.by_kind[kind] = n;
    }
    return s;
}

}  // namespace baken
