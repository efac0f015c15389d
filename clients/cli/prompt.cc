// See prompt.h. Prompts go to the given stream (stderr in the program) so that stdout
// carries only the result, e.g. the new message id for a script.
#include "prompt.h"

#include <unistd.h>

#include <charconv>
#include <istream>
#include <ostream>
#include <string>

namespace baken::cli {
namespace {

void show_question(const FieldSpec& spec, const std::vector<std::string>& choices,
                   std::ostream& out) {
    out << "--" << spec.flag << " (" << spec.help << ")\n";
    if (choices.empty()) return;
    for (std::size_t i = 0; i < choices.size(); ++i)
        out << "  " << i + 1 << ") " << choices[i] << "\n";
}

// "2" -> the second choice; anything else is returned as typed.
std::string resolve_choice(const std::string& answer, const std::vector<std::string>& choices) {
    std::size_t index = 0;
    auto [end, ec] = std::from_chars(answer.data(), answer.data() + answer.size(), index);
    if (ec == std::errc{} && end == answer.data() + answer.size() && index >= 1 &&
        index <= choices.size()) {
        return choices[index - 1];
    }
    return answer;
}

std::string trim(const std::string& text) {
    std::size_t begin = text.find_first_not_of(" \t\r\n");
    if (begin == std::string::npos) return "";
    return text.substr(begin, text.find_last_not_of(" \t\r\n") - begin + 1);
}

// Asks until check_value accepts the answer; nullopt when input ends.
std::optional<std::string> ask(const PostKind& kind, const FieldSpec& spec, std::istream& in,
                               std::ostream& out, std::int64_t now_ms) {
    std::vector<std::string> choices = choices_for(kind, spec);
    show_question(spec, choices, out);
    while (true) {
        out << spec.flag << "> " << std::flush;
        std::string line;
        if (!std::getline(in, line)) return std::nullopt;
        std::string answer = resolve_choice(trim(line), choices);
        auto problem = check_value(kind, spec, answer, now_ms);
        if (!problem) return answer;
        out << "  not accepted: " << *problem << "\n";
    }
}

}  // namespace

Result<Done, std::string> prompt_missing(const PostKind& kind, FlagValues& values, std::istream& in,
                                         std::ostream& out, std::int64_t now_ms) {
    for (const FieldSpec* spec : missing_fields(kind, values)) {
        auto answer = ask(kind, *spec, in, out, now_ms);
        if (!answer) {
            out << "\n";
            return fail(std::string("cancelled"));
        }
        values.single[std::string(spec->flag)] = *answer;
    }
    return Done{};
}

bool stdin_is_terminal() {
    return ::isatty(STDIN_FILENO) == 1;
}

}  // namespace baken::cli
