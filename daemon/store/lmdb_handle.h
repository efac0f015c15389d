// Thin RAII wrappers over the LMDB C API: an environment, a transaction, a cursor.
// They translate return codes into bool/optional; the store decides what an error means.
#pragma once

#include <lmdb.h>

#include <optional>
#include <string>
#include <string_view>

namespace baken::lmdb {

inline MDB_val val(std::string_view s) {
    return MDB_val{s.size(), const_cast<char*>(s.data())};
}
inline std::string_view view(const MDB_val& v) {
    return {static_cast<const char*>(v.mv_data), v.mv_size};
}
inline std::string error_text(int rc) {
    return mdb_strerror(rc);
}

class Txn {
  public:
    Txn(MDB_env* env, bool write) {
        rc_ = mdb_txn_begin(env, nullptr, write ? 0 : MDB_RDONLY, &txn_);
        if (rc_ != 0) txn_ = nullptr;
    }
    ~Txn() {
        if (txn_) mdb_txn_abort(txn_);
    }
    Txn(const Txn&) = delete;
    Txn& operator=(const Txn&) = delete;

    bool ok() const { return txn_ != nullptr; }
    int error() const { return rc_; }
    MDB_txn* get() const { return txn_; }

    // Returns 0 or the LMDB error; the transaction is finished either way.
    int commit() {
        int rc = mdb_txn_commit(txn_);
        txn_ = nullptr;
        return rc;
    }

    std::optional<std::string_view> get(MDB_dbi dbi, std::string_view key) const {
        MDB_val k = val(key), v;
        if (mdb_get(txn_, dbi, &k, &v) != 0) return std::nullopt;
        return view(v);
    }
    int put(MDB_dbi dbi, std::string_view key, std::string_view value, unsigned flags = 0) {
        MDB_val k = val(key), v = val(value);
        return mdb_put(txn_, dbi, &k, &v, flags);
    }
    int del(MDB_dbi dbi, std::string_view key) {
        MDB_val k = val(key);
        return mdb_del(txn_, dbi, &k, nullptr);
    }

  private:
    MDB_txn* txn_ = nullptr;
    int rc_ = 0;
};

class Cursor {
  public:
    Cursor(const Txn& txn, MDB_dbi dbi) {
        if (mdb_cursor_open(txn.get(), dbi, &cursor_) != 0) cursor_ = nullptr;
    }
    ~Cursor() {
        if (cursor_) mdb_cursor_close(cursor_);
    }
    Cursor(const Cursor&) = delete;
    Cursor& operator=(const Cursor&) = delete;

    // Each positions the cursor and returns the key there, or nullopt at the end.
    std::optional<std::string_view> first() { return move(MDB_FIRST); }
    std::optional<std::string_view> last() { return move(MDB_LAST); }
    std::optional<std::string_view> next() { return move(MDB_NEXT); }
    std::optional<std::string_view> prev() { return move(MDB_PREV); }
    // First key >= `key`.
    std::optional<std::string_view> seek(std::string_view key) {
        if (!cursor_) return std::nullopt;
        MDB_val k = val(key), v;
        if (mdb_cursor_get(cursor_, &k, &v, MDB_SET_RANGE) != 0) return std::nullopt;
        return view(k);
    }
    // The value where the cursor is (after one of the moves above found a key).
    std::optional<std::string_view> value() {
        if (!cursor_) return std::nullopt;
        MDB_val k, v;
        if (mdb_cursor_get(cursor_, &k, &v, MDB_GET_CURRENT) != 0) return std::nullopt;
        return view(v);
    }

  private:
    std::optional<std::string_view> move(MDB_cursor_op op) {
        if (!cursor_) return std::nullopt;
        MDB_val k, v;
        if (mdb_cursor_get(cursor_, &k, &v, op) != 0) return std::nullopt;
        return view(k);
    }
    MDB_cursor* cursor_ = nullptr;
};

}  // namespace baken::lmdb
