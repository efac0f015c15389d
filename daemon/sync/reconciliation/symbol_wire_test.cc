#include "sync/reconciliation/symbol_wire.h"

#include <gtest/gtest.h>

#include <vector>

#include "sync/reconciliation/symbol_encoder.h"
#include "sync/reconciliation/test_keys.h"

namespace baken::sync {
namespace {

TEST(SymbolWire, RoundTrips) {
    SymbolEncoder encoder(testing::random_keys(100, 1));
    std::vector<CodedSymbol> symbols;
    encoder.produce(50, symbols);
    std::string bytes = encode_symbols(symbols);
    EXPECT_EQ(bytes.size(), 50 * kSymbolWireSize);
    auto decoded = decode_symbols(as_bytes(bytes), 50);
    ASSERT_TRUE(decoded.ok()) << decoded.error().reason;
    EXPECT_EQ(*decoded, symbols);
}

TEST(SymbolWire, IsBigEndianKeyThenChecksum) {
    CodedSymbol s{0x0102030405, 0x0a0b0c};  // 40 and 24 bits
    std::string bytes = encode_symbols(std::span(&s, 1));
    EXPECT_EQ(bytes, std::string("\x01\x02\x03\x04\x05\x0a\x0b\x0c", 8));
}

TEST(SymbolWire, EmptyBatchIsEmpty) {
    EXPECT_EQ(encode_symbols({}), "");
    auto decoded = decode_symbols({}, 0);
    ASSERT_TRUE(decoded.ok());
    EXPECT_TRUE(decoded->empty());
}

TEST(SymbolWire, RefusesTruncatedBatches) {
    std::string bytes = encode_symbols(std::vector<CodedSymbol>(3, CodedSymbol{1, 2}));
    for (std::size_t cut : {1u, 7u, 9u, 23u}) {
        auto decoded = decode_symbols(as_bytes(bytes).first(cut), 100);
        ASSERT_FALSE(decoded.ok()) << cut;
        EXPECT_EQ(decoded.error().code, WireErrorCode::truncated);
        EXPECT_FALSE(decoded.error().reason.empty());
    }
}

TEST(SymbolWire, RefusesMoreThanTheCapacity) {
    std::string bytes = encode_symbols(std::vector<CodedSymbol>(10, CodedSymbol{1, 2}));
    auto decoded = decode_symbols(as_bytes(bytes), 9);
    ASSERT_FALSE(decoded.ok());
    EXPECT_EQ(decoded.error().code, WireErrorCode::too_many);
    EXPECT_EQ(wire_error_name(decoded.error().code), "too_many");
    EXPECT_TRUE(decode_symbols(as_bytes(bytes), 10).ok());
}

}  // namespace
}  // namespace baken::sync
