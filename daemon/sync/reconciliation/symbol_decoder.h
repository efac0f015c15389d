// The receiving side of rateless reconciliation: takes the peer's coded symbols in order,
// subtracts its own, and peels the residual until the symmetric difference is known.
//
// GUARANTEES
//   * When add_remote() reports done, remote_only() holds the keys the peer has and this side
//     lacks, local_only() the keys this side has and the peer lacks, both ascending — exactly
//     the symmetric difference of the two key sets, except after a false purity (below).
//   * Identical sets are done after the first symbol (8 bytes). A difference of d keys needs
//     about 1.35-2 d symbols (more, relatively, for very small d), whatever the set sizes.
//   * Every key in local_only() is one of this side's keys; every key in remote_only() is one
//     this side does not hold. Only the peer can tell whether it really holds a remote_only()
//     key: a faulty or hostile peer can make us decode any key, so a peer that is asked for
//     a key it does not hold must treat that as the requester's error, never trust it.
//   * Whatever the peer sends, the decoder neither crashes nor grows beyond its budget:
//     memory is O(local keys + max_symbols), work O((local keys + max_symbols) log).
//
// FALSE PURITY. A residual symbol i holding several keys passes the checksum test with
// probability 2^-24 (coded_symbol.h); the decoder also requires that the candidate key maps
// to i, which a random value does with probability 1 / (1 + i/2). Summed over the ~d
// changes each early symbol sees, a whole decode meets a false purity with probability
// about 2.6 d / 2^24: 1.5e-4 at d = 1,000. The decoder then "recovers" a key that is not in
// the difference; in practice that leaves residue that never clears, so decoding ends in
// over_budget (or inconsistent), never in a wrong `done` short of another accident; the
// session falls back to key lists.
//
// Done means: every residual symbol received is empty. Symbol 0 holds every item of the
// difference, so it is empty only when all have been recovered; it being empty while another
// residual is not is reported as inconsistent (random data does that with probability 2^-96).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <unordered_set>
#include <vector>

#include "common/result.h"
#include "sync/reconciliation/coded_symbol.h"
#include "sync/reconciliation/coding_window.h"
#include "sync/reconciliation/short_key.h"

namespace baken::sync {

// No decoder accepts more symbols than this (8 MiB on the wire, 16 MiB of memory).
inline constexpr std::size_t kMaxSymbols = std::size_t{1} << 20;

// The symbol budget past which exchanging key lists is cheaper: the smaller side's full list
// costs 5 bytes per key, a symbol 8. Spending the budget and then falling back therefore
// costs at most twice the cheaper of the two. At least 64 symbols, at most kMaxSymbols.
// Since a difference of d keys needs at least ~1.35 d symbols and d >= |local - remote|,
// a caller may skip straight to the key lists when 1.35 |local - remote| exceeds the budget.
std::size_t symbol_budget(std::uint64_t local_count, std::uint64_t remote_count);

enum class DecodeStatus {
    need_more,  // send more symbols (the stream continues at received())
    done,       // the difference is known
};

enum class DecodeErrorCode {
    over_budget,   // more than max_symbols would be needed: fall back to key lists
    inconsistent,  // the symbols cannot come from any key set (peer bug, attack, or a false
                   // purity): fall back to key lists, or drop the peer
};

struct DecodeError {
    DecodeErrorCode code;
    std::string reason;  // for the log
};

class SymbolDecoder {
  public:
    // `local_keys` in any order; a key given twice counts once. `max_symbols` is clamped to
    // kMaxSymbols.
    explicit SymbolDecoder(std::span<const ShortKey> local_keys,
                           std::size_t max_symbols = kMaxSymbols);

    // Takes the peer's next symbols: indices [received(), received() + symbols.size()). The
    // caller checks that the batch starts where the last one ended (the wire carries the first
    // index).
    // Returns need_more or done. Once done, further symbols (in flight when the peer was told
    // to stop) are ignored and done is returned again.
    // Errors: over_budget — the batch would take received() past max_symbols (it is refused
    // whole), or the decoder now holds max_symbols and is still not done: either way, fall
    // back to key lists; inconsistent. After an error the decoder is spent: every later call
    // returns the same error. So need_more always means at least one more symbol fits.
    Result<DecodeStatus, DecodeError> add_remote(std::span<const CodedSymbol> symbols);

    bool done() const { return !failure_ && !cells_.empty() && nonempty_ == 0; }
    std::size_t received() const { return cells_.size(); }
    std::size_t max_symbols() const { return max_symbols_; }
    std::size_t local_key_count() const { return local_keys_.size(); }

    // Keys the peer holds and this side lacks; ascending once done().
    const std::vector<ShortKey>& remote_only() const { return remote_only_; }
    // Keys this side holds and the peer lacks; ascending once done().
    const std::vector<ShortKey>& local_only() const { return local_only_; }

  private:
    void peel();
    void recover(std::uint32_t source, ShortKey key);
    void toggle_cell(std::uint32_t index, ShortKey key, std::uint32_t check);
    void check_done();
    Failure<DecodeError> failed(DecodeErrorCode code, std::string reason);

    std::vector<ShortKey> local_keys_;       // ascending, distinct: tells whose a decoded key is
    CodingWindow local_;                     // our items, subtracted from every symbol received
    CodingWindow recovered_;                 // decoded items, peeled from every symbol received
    std::vector<CodedSymbol> cells_;         // residual symbols [0, received())
    std::size_t nonempty_ = 0;               // residuals that are not empty
    std::vector<std::uint32_t> candidates_;  // residuals that were pure when last changed
    std::unordered_set<ShortKey> recovered_keys_;
    std::vector<ShortKey> remote_only_;
    std::vector<ShortKey> local_only_;
    std::size_t max_symbols_;
    std::optional<DecodeError> failure_;
};

}  // namespace baken::sync
