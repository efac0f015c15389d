// Writes (or --check's) the CAP reader seed corpus (tests/fuzz/corpus/cap/) from the sample
// alerts in daemon/cap/testdata/ and variants of them:
//
//   make_cap_corpus DIR           write every seed into DIR
//   make_cap_corpus --check DIR   exit 1 unless every seed is in DIR with the same bytes
//
// File names say what replay/cap_corpus_replay_test.cc expects: <what>_<outcome>.xml with
// outcome imported | unsupported | no_area | not_xml | invalid_cap | too_large.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

#include "cap/xml_document.h"
#include "fuzz/corpus_writer.h"

namespace baken::fuzz {
namespace {

std::string testdata(const std::string& name) {
    std::ifstream in(std::string(BAKEN_CAP_TESTDATA) + "/" + name, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "make_cap_corpus: missing %s\n", name.c_str());
        std::exit(2);
    }
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    if (at == std::string::npos) {
        std::fprintf(stderr, "make_cap_corpus: '%s' not in sample\n", from.c_str());
        std::exit(2);
    }
    return text.replace(at, from.size(), to);
}

Corpus make() {
    const std::string nl = testdata("nl_alert.xml");
    const std::string knmi = testdata("knmi_warning.xml");
    Corpus c;
    c["nl_alert_imported.xml"] = nl;
    c["knmi_warning_no_area.xml"] = knmi;
    c["knmi_warning_with_cbs_geocode_imported.xml"] =
        replaced(knmi, "<value>NL011</value>", "<value>GM0344</value>");
    c["nl_alert_restricted_unsupported.xml"] = replaced(
        nl, "<scope>Public</scope>", "<scope>Restricted</scope><restriction>staff</restriction>");
    c["nl_alert_english_only_unsupported.xml"] =
        replaced(nl, "<language>nl-NL</language>", "<language>en-US</language>");
    c["nl_alert_expired_unsupported.xml"] =
        replaced(nl, "2024-05-01T20:30:00+02:00", "2024-05-01T14:45:00+02:00");
    c["missing_sender_invalid_cap.xml"] = testdata("invalid_missing_sender.xml");
    c["wrong_urgency_invalid_cap.xml"] = testdata("invalid_urgency.xml");
    c["comma_offset_invalid_cap.xml"] = replaced(nl, "14:30:00+02:00", "14:30:00,02:00");
    c["not_xml_not_xml.xml"] = testdata("invalid_not_xml.txt");
    c["xxe_not_xml.xml"] = testdata("invalid_xxe.xml");
    c["billion_laughs_not_xml.xml"] = testdata("invalid_billion_laughs.xml");
    c["truncated_not_xml.xml"] = nl.substr(0, nl.size() / 2);
    c["empty_not_xml.xml"] = "";
    {
        std::string deep;
        for (int i = 0; i < 300; ++i) deep += "<a>";
        c["deep_nesting_not_xml.xml"] = deep;
    }
    c["oversized_too_large.xml"] = nl + std::string(cap::kMaxCapBytes, ' ');
    return c;
}

}  // namespace
}  // namespace baken::fuzz

int main(int argc, char** argv) {
    return baken::fuzz::corpus_main(argc, argv, "make_cap_corpus", baken::fuzz::make);
}
