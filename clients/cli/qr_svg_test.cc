#include "qr_svg.h"

#include <gtest/gtest.h>

namespace baken::cli {
namespace {

TEST(QrSvg, DrawsTheCodeWithAnEscapedCaption) {
    std::string credential(330, '\x07');  // a credential's size, binary
    auto svg = qr_svg(credential, "Credential <GM0344> & co");
    ASSERT_TRUE(svg) << svg.error();
    EXPECT_TRUE(svg->starts_with("<?xml"));
    EXPECT_NE(svg->find("<path d=\"M"), std::string::npos);
    EXPECT_NE(svg->find("Credential &lt;GM0344&gt; &amp; co"), std::string::npos);
}

TEST(QrSvg, RefusesWhatDoesNotFit) {
    EXPECT_FALSE(qr_svg(std::string(4000, 'x'), "too big"));
}

}  // namespace
}  // namespace baken::cli
