// Shared by the CAP unit tests: the sample alerts in testdata/, and xmllint as a second,
// independent judge of validity.
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

#include "baken/v1/api.pb.h"
#include "cap/cap_time.h"
#include "crypto/keys.h"
#include "support/temp_dir.h"

namespace baken::cap::testing {

inline std::string sample(const std::string& name) {
    std::ifstream in(std::string(BAKEN_CAP_TESTDATA) + "/" + name, std::ios::binary);
    EXPECT_TRUE(in) << "missing test file " << name;
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A moment when both sample alerts are current: 2024-05-01T15:00:00+02:00.
inline std::int64_t sample_now_ms() {
    return parse_cap_time("2024-05-01T15:00:00+02:00")->unix_ms;
}

// Runs `xmllint --noout --schema CAP-v1.2.xsd` (the copy beside the code) on `xml`.
// Returns xmllint's exit code (0: valid) and its words in `output`.
inline int xmllint_validate(const std::string& xml, std::string* output = nullptr) {
    baken::testing::TempDir dir;
    const std::string file = (dir.path() / "alert.xml").string();
    const std::string log = (dir.path() / "xmllint.out").string();
    {
        std::ofstream out(file, std::ios::binary);
        out << xml;
    }
    const std::string command = std::string(BAKEN_XMLLINT) + " --noout --nonet --schema '" +
                                BAKEN_CAP_XSD + "' '" + file + "' > '" + log + "' 2>&1";
    const int status = std::system(command.c_str());
    if (output) {
        std::ifstream in(log);
        *output = std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// The message a node would store for `draft`: created now, author a fixed key.
inline v1::Message message_from(const v1::Draft& draft, std::int64_t now_ms) {
    v1::Message m;
    m.set_format_version(1);
    m.set_author(std::string(kPublicKeySize, '\x11'));
    m.set_precedence(draft.precedence());
    m.set_created_ms(now_ms);
    m.set_expires_ms(now_ms + (draft.ttl_seconds() > 0 ? draft.ttl_seconds() : 72 * 3600) * 1000);
    *m.mutable_body() = draft.body();
    return m;
}

inline MessageId some_id() {
    MessageId id{};
    for (std::size_t i = 0; i < id.size(); ++i) id[i] = static_cast<std::uint8_t>(i * 7);
    return id;
}

}  // namespace baken::cap::testing
