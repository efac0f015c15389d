// Which messages an interface lets onto the air: kinds, precedences, lawful mode.
#include "radio/link/link_policy.h"

#include <gtest/gtest.h>

namespace baken::radio {
namespace {

HeldMessage message(Kind kind, v1::Precedence precedence, bool sealed = false) {
    HeldMessage m;
    m.kind = kind;
    m.precedence = precedence;
    m.sealed = sealed;
    return m;
}

TEST(LinkPolicy, LawfulModeNeverSendsSealedContent) {
    PolicyMasks lawful = allow_everything(true);
    EXPECT_FALSE(allows(lawful, message(Kind::kSitrep, v1::FLASH, true)));
    EXPECT_FALSE(allows(lawful, message(Kind::kNeed, v1::ROUTINE, true)));
    EXPECT_TRUE(allows(lawful, message(Kind::kSitrep, v1::FLASH)));
    EXPECT_TRUE(allows(allow_everything(false), message(Kind::kSitrep, v1::FLASH, true)));
}

TEST(LinkPolicy, OnlyConfiguredKindsAndPrecedencesUseTheLink) {
    PolicyMasks urgent = make_policy({}, {v1::FLASH, v1::IMMEDIATE}, true);
    EXPECT_TRUE(allows(urgent, message(Kind::kSitrep, v1::FLASH)));
    EXPECT_TRUE(allows(urgent, message(Kind::kNeed, v1::IMMEDIATE)));
    EXPECT_FALSE(allows(urgent, message(Kind::kSitrep, v1::ROUTINE)));
    PolicyMasks sitreps = make_policy({Kind::kSitrep}, {}, false);
    EXPECT_TRUE(allows(sitreps, message(Kind::kSitrep, v1::ROUTINE)));
    EXPECT_FALSE(allows(sitreps, message(Kind::kAnnouncement, v1::FLASH)));
}

TEST(LinkPolicy, TheTrustChainAlwaysTravels) {
    PolicyMasks narrow = make_policy({Kind::kSitrep}, {v1::FLASH}, true);
    EXPECT_TRUE(allows(narrow, message(Kind::kCredential, v1::ROUTINE)));
    EXPECT_TRUE(allows(narrow, message(Kind::kRevocation, v1::ROUTINE)));
}

TEST(LinkPolicy, RevocationsGoFirstThenPrecedenceThenCredentialsThenAge) {
    HeldMessage revocation = message(Kind::kRevocation, v1::ROUTINE);
    HeldMessage flash = message(Kind::kSitrep, v1::FLASH);
    HeldMessage credential = message(Kind::kCredential, v1::ROUTINE);
    HeldMessage routine = message(Kind::kSitrep, v1::ROUTINE);
    HeldMessage older = routine;
    older.created_ms = -1;
    EXPECT_LT(send_order(revocation), send_order(flash));
    EXPECT_LT(send_order(flash), send_order(credential));
    EXPECT_LT(send_order(credential), send_order(routine));
    EXPECT_LT(send_order(older), send_order(routine));
}

}  // namespace
}  // namespace baken::radio
