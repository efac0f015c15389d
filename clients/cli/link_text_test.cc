#include "link_text.h"

#include <gtest/gtest.h>

namespace baken::cli {
namespace {

constexpr std::int64_t kNow = 1'780'000'000'000;

v1::RadioLinkView dares_link() {
    v1::RadioLinkView link;
    link.set_name("vhf-dares");
    link.set_modem("KISS over TCP 127.0.0.1:8001");
    link.set_up(true);
    link.set_modem_state("connected");
    link.set_framing("ax25");
    link.set_callsign("PA3XYZ-7");
    link.set_lawful(true);
    link.set_bit_rate(1200);
    link.set_frames_sent(12);
    link.set_frames_received(30);
    link.set_frames_ignored(4);
    link.set_bytes_sent(2355);
    link.set_bytes_received(900);
    link.set_messages_sent(3);
    link.set_messages_received(5);
    link.set_retries(2);
    link.set_summaries_sent(4);
    link.set_airtime_used_ms(12'300);
    link.set_airtime_budget_ms(360'000);
    link.set_window_s(3600);
    link.set_airtime_total_ms(45'600);
    link.set_duty_cycle_percent(10);
    return link;
}

TEST(LinkText, SecondsHaveAtMostOneDecimal) {
    EXPECT_EQ(seconds_text(12'300), "12.3 s");
    EXPECT_EQ(seconds_text(360'000), "360 s");
    EXPECT_EQ(seconds_text(0), "0 s");
    EXPECT_EQ(seconds_text(49), "0 s");
    EXPECT_EQ(seconds_text(1'960), "2 s");
}

TEST(LinkText, AirtimeIsUsedAgainstTheBudgetInTheWindow) {
    EXPECT_EQ(airtime_text(dares_link()), "12.3 s of 360 s (3.4 %) in the last 60 min");
    v1::RadioLinkView lora = dares_link();
    lora.set_airtime_used_ms(0);
    lora.set_airtime_budget_ms(90);
    lora.set_window_s(90);
    EXPECT_EQ(airtime_text(lora), "0 s of 0.1 s (0 %) in the last 90 s");
}

TEST(LinkText, ADownModemSaysWhy) {
    v1::RadioLinkView link = dares_link();
    EXPECT_EQ(modem_state_text(link), "up (connected)");
    link.set_up(false);
    link.set_modem_state("connect 127.0.0.1:8001: Connection refused");
    EXPECT_EQ(modem_state_text(link), "down: connect 127.0.0.1:8001: Connection refused");
    link.set_modem_state("");
    EXPECT_EQ(modem_state_text(link), "down");
}

TEST(LinkText, FramingNamesTheCallsignAndLawfulMode) {
    EXPECT_EQ(framing_text(dares_link()),
              "AX.25 as PA3XYZ-7, lawful (signed, never encrypted), 1200 bit/s");
    v1::RadioLinkView lora;
    lora.set_framing("raw");
    lora.set_bit_rate(1760);
    EXPECT_EQ(framing_text(lora), "raw KISS, 1760 bit/s");
}

TEST(LinkText, ABlockShowsEveryFigureAndTheNeighbours) {
    v1::RadioLinkView link = dares_link();
    v1::RadioNeighbourView* n = link.add_neighbours();
    n->set_link_id("1a2b3c4d");
    n->set_station("PA3ABC-1");
    n->set_last_heard_ms(kNow - 12'000);
    n->set_frames(40);
    n->set_summary_count(123);
    n->set_in_sync(true);
    n->set_last_summary_ms(kNow - 30'000);
    EXPECT_EQ(render_link(link, kNow, 100),
              "vhf-dares: up (connected)\n"
              "  modem       KISS over TCP 127.0.0.1:8001\n"
              "  framing     AX.25 as PA3XYZ-7, lawful (signed, never encrypted), 1200 bit/s\n"
              "  frames      12 sent, 30 received, 4 ignored\n"
              "  bytes       2.3 KiB sent, 900 B received\n"
              "  messages    3 sent, 5 received\n"
              "  retries     2 (4 summaries sent)\n"
              "  airtime     12.3 s of 360 s (3.4 %) in the last 60 min; 45.6 s since bakend "
              "started\n"
              "  neighbours\n"
              "    STATION   LINK ID   HEARD     FRAMES  HOLDS  IN SYNC\n"
              "    PA3ABC-1  1a2b3c4d  12 s ago  40      123    yes\n");
}

TEST(LinkText, TroubleWithTheModemIsShownOnlyWhenThereIsSome) {
    v1::RadioLinkView link = dares_link();
    EXPECT_EQ(render_link(link, kNow, 100).find("trouble"), std::string::npos);
    link.set_modem_dropped_bytes(120);
    link.set_kiss_errors(1);
    link.set_budget_waits(1);
    std::string out = render_link(link, kNow, 100);
    EXPECT_NE(out.find("  trouble     120 B not sent (the modem was down or too slow), 1 damaged "
                       "KISS frame from the modem\n"),
              std::string::npos)
        << out;
    EXPECT_NE(out.find("retries     2 (4 summaries sent, waited for airtime 1 time)"),
              std::string::npos)
        << out;
    EXPECT_NE(out.find("  neighbours  none heard yet\n"), std::string::npos) << out;
}

TEST(LinkText, TextFromTheAirCannotMoveTheCursor) {
    v1::RadioLinkView link = dares_link();
    link.set_up(false);
    link.set_modem_state("open /dev/ttyUSB0:\x1b[2J gone");
    v1::RadioNeighbourView* n = link.add_neighbours();
    n->set_station("PA3\x1b]0;x\x07");
    std::string out = render_link(link, kNow, 100);
    EXPECT_EQ(out.find('\x1b'), std::string::npos) << out;
    EXPECT_EQ(out.find('\x07'), std::string::npos) << out;
    EXPECT_NE(out.find("never"), std::string::npos) << out;  // never heard: no age
}

TEST(LinkText, PeersPointsToLinksOnlyWhenThereAreSome) {
    v1::RadioLinkList list;
    EXPECT_EQ(links_hint(list), "");
    *list.add_links() = dares_link();
    EXPECT_EQ(links_hint(list), "1 radio link (1 up): see `baken links`\n");
    list.add_links()->set_name("lora-869");
    EXPECT_EQ(links_hint(list), "2 radio links (1 up): see `baken links`\n");
}

}  // namespace
}  // namespace baken::cli
