#include "message_details.h"

#include <gtest/gtest.h>

namespace baken::cli {
namespace {

constexpr std::int64_t kNow = 1'740'000'000'000;

v1::MessageView sitrep_view() {
    v1::MessageView view;
    view.set_id(std::string(64, 'a'));
    view.set_author(std::string(64, 'b'));
    view.set_author_fingerprint("K7QM-3XTA-9PBD-W2HE");
    view.set_kind("sitrep");
    view.set_precedence(v1::FLASH);
    view.set_created_ms(kNow - 300'000);
    view.set_expires_ms(kNow + 3 * 86'400'000LL);
    view.set_received_ms(kNow - 200'000);
    auto* s = view.mutable_message()->mutable_body()->mutable_sitrep();
    s->set_municipality("GM0344");
    s->set_phase(v1::WARM_UNDER_72H);
    auto* e = s->add_entries();
    e->set_pillar(v1::VITAL_SERVICES);
    e->set_topic("power");
    e->set_text("Stroomstoring\nin de hele wijk");
    auto* c = e->add_counts();
    c->set_label("households without power");
    c->set_value(12000);
    return view;
}

TEST(MessageDetails, ShowsTheEnvelopeFactsThenTheNestedBody) {
    std::string text = message_details(sitrep_view(), kNow);
    EXPECT_NE(text.find("id:          " + std::string(64, 'a') + "\n"), std::string::npos) << text;
    EXPECT_NE(text.find("precedence:  flash\n"), std::string::npos) << text;
    EXPECT_NE(text.find("(K7QM-3XTA-9PBD-W2HE)"), std::string::npos) << text;
    EXPECT_NE(text.find("(5 min ago)"), std::string::npos) << text;
    EXPECT_NE(text.find("(in 3 d)"), std::string::npos) << text;
    EXPECT_NE(text.find("\nsitrep:\n"
                        "  municipality: GM0344\n"
                        "  phase: warm-under-72h\n"
                        "  entries:\n"
                        "    - pillar: vital-services\n"
                        "      topic: power\n"
                        "      text:\n"
                        "        Stroomstoring\n"
                        "        in de hele wijk\n"
                        "      counts:\n"
                        "        - label: households without power\n"
                        "          value: 12000\n"),
              std::string::npos)
        << text;
}

TEST(MessageDetails, NeutralisesControlCharactersFromOtherNodes) {
    v1::MessageView view = sitrep_view();
    view.mutable_message()->mutable_body()->mutable_sitrep()->set_area("\x1b]0;pwned\x07wijk");
    std::string text = message_details(view, kNow);
    EXPECT_EQ(text.find('\x1b'), std::string::npos);
    EXPECT_EQ(text.find('\x07'), std::string::npos);
    EXPECT_NE(text.find("area:  ]0;pwned wijk"), std::string::npos) << text;
}

TEST(MessageDetails, DescribesSealedContentAndShowsBytesAsHex) {
    v1::MessageView view;
    auto* need = view.mutable_message()->mutable_body()->mutable_need();
    need->set_support_point("GM0344-SP07");
    need->mutable_restricted()->add_recipients()->set_key(std::string(32, '\x01'));
    need->mutable_restricted()->set_ciphertext(std::string(500, 'x'));
    view.mutable_message()->set_supersedes(std::string(32, '\x0f'));
    std::string text = message_details(view, kNow);
    EXPECT_NE(text.find("restricted:\n    sealed for 1 recipient(s)\n"), std::string::npos) << text;
    EXPECT_EQ(text.find("readable on this node"), std::string::npos) << text;
    view.set_restricted_text("Kastanjelaan 4\x1b]0;x\x07");  // opened by a recipient node
    text = message_details(view, kNow);
    EXPECT_NE(text.find("(sealed; readable on this node): Kastanjelaan 4"), std::string::npos)
        << text;
    EXPECT_EQ(text.find('\x1b'), std::string::npos);
    std::string hex;
    for (int i = 0; i < 32; ++i) hex += "0f";
    EXPECT_NE(text.find("supersedes:  " + hex + "\n"), std::string::npos) << text;
    EXPECT_EQ(text.find("xxxx"), std::string::npos) << text;
}

}  // namespace
}  // namespace baken::cli
