// See paper_page.h.
#include "paper_page.h"

#include "common/bytes.h"
#include "paper/paper_codes.h"
#include "paper/qr_matrix.h"

namespace baken::cli::paper {
namespace {

constexpr const char* kStyle = R"(
@page { size: A4; margin: 12mm; }
html { background: #fff; color: #000; }
body { font: 10pt/1.35 "DejaVu Sans", "Liberation Sans", sans-serif; margin: 0 auto;
       max-width: 186mm; padding: 4mm 0; }
@media print { body { padding: 0; } }
header { border-bottom: 2px solid #000; margin-bottom: 3mm; padding-bottom: 2mm; }
h1 { font-size: 15pt; margin: 0 0 1mm; }
h2 { font-size: 12pt; margin: 0 0 2mm; }
p { margin: 0.8mm 0; }
section { border-bottom: 1px solid #777; padding: 3mm 0; break-inside: avoid-page; }
.message { display: flex; gap: 5mm; align-items: flex-start; }
.read { flex: 1 1 0; min-width: 0; margin: 0; white-space: pre-wrap; overflow-wrap: anywhere;
        font: 9pt/1.3 "DejaVu Sans Mono", "Liberation Mono", monospace; }
.codes { flex: 0 0 auto; display: flex; flex-direction: column; gap: 3mm; }
figure { margin: 0; break-inside: avoid; text-align: center; }
figure svg { display: block; }
figcaption { font: 8pt "DejaVu Sans Mono", monospace; }
.note { font-size: 8.5pt; }
)";

// One code as inline SVG: modules in a viewBox unit each (quiet zone included), dark runs of
// a row as one rectangle, drawn kModulePx CSS pixels a module.
std::string code_svg(const QrMatrix& m) {
    const int side = m.width + 2 * kQuietZoneModules;
    const std::string px = std::to_string(side * kModulePx);
    std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + px + "\" height=\"" +
                      px + "\" viewBox=\"0 0 " + std::to_string(side) + " " + std::to_string(side) +
                      "\" shape-rendering=\"crispEdges\"><rect width=\"" + std::to_string(side) +
                      "\" height=\"" + std::to_string(side) +
                      "\" fill=\"#fff\"/><path fill=\"#000\" d=\"";
    for (int y = 0; y < m.width; ++y) {
        for (int x = 0; x < m.width;) {
            if (!m.at(x, y)) {
                ++x;
                continue;
            }
            int run = 1;
            while (x + run < m.width && m.at(x + run, y)) ++run;
            svg += "M" + std::to_string(x + kQuietZoneModules) + " " +
                   std::to_string(y + kQuietZoneModules) + "h" + std::to_string(run) + "v1h-" +
                   std::to_string(run) + "z";
            x += run;
        }
    }
    return svg + "\"/></svg>";
}

Result<std::string, std::string> entry_html(const PaperEntry& entry, std::size_t number) {
    auto codes = paper_codes(entry.envelope_bytes);
    if (!codes) return fail("message " + std::to_string(number) + ": " + codes.error());
    auto first = parse_code(codes->front());
    if (!first) return fail("message " + std::to_string(number) + ": " + first.error());
    const std::string id = to_hex(first->id);
    std::string figures;
    for (std::size_t i = 0; i < codes->size(); ++i) {
        auto matrix = qr_encode((*codes)[i]);
        if (!matrix) return fail("message " + std::to_string(number) + ": " + matrix.error());
        figures += "<figure>" + code_svg(*matrix) + "<figcaption>" + id.substr(0, 8) +
                   " &middot; code " + std::to_string(i + 1) + " of " +
                   std::to_string(codes->size()) + "</figcaption></figure>\n";
    }
    const std::size_t n = codes->size();
    return "<section>\n<h2>" + std::to_string(number) + ". " + html_escape(entry.title) +
           "</h2>\n<div class=\"message\">\n<pre class=\"read\">" +
           html_escape(entry.reading_text) + "</pre>\n<div class=\"codes\">\n" + figures +
           "</div>\n</div>\n<p class=\"note\">Message " + id + ": " + std::to_string(n) +
           (n == 1 ? " code holds" : " codes hold") + " its " +
           std::to_string(entry.envelope_bytes.size()) + " signed bytes" +
           (n == 1 ? "" : "; all " + std::to_string(n) + " are needed") + ".</p>\n</section>\n";
}

}  // namespace

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out.push_back(c);
        }
    }
    return out;
}

Result<std::string, std::string> paper_page(const std::vector<PaperEntry>& entries,
                                            const PageInfo& info) {
    std::string sections;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        auto html = entry_html(entries[i], i + 1);
        if (!html) return fail(html.error());
        sections += *html;
    }
    const std::string count =
        std::to_string(entries.size()) + (entries.size() == 1 ? " message" : " messages");
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
           "style-src 'unsafe-inline'\">\n<title>Baken paper copy: " +
           count + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n<header>\n" +
           "<h1>Baken paper copy: " + count + "</h1>\n<p>Printed " + html_escape(info.printed_at) +
           " by " + html_escape(info.printed_by) + ".</p>\n" +
           "<p class=\"note\">Over voice radio: read out the text of each message; spell ids and "
           "fingerprints in groups of four. Into a node: photograph or scan the page with every "
           "code whole and in view, then run <b>baken paper import</b> with the image(s). The "
           "codes hold each message exactly as its author signed it; the node checks the "
           "signature.</p>\n</header>\n" +
           sections + "</body>\n</html>\n";
}

}  // namespace baken::cli::paper
