// See message_details.h. Fields render to lines without indentation; a parent indents its
// children, and a list item marks its first line with "- ".
#include "message_details.h"

#include <sstream>
#include <vector>

#include "common/bytes.h"
#include "enum_names.h"
#include "message/kind.h"
#include "terminal_text.h"
#include "time_text.h"

namespace baken::cli {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;
using Lines = std::vector<std::string>;

constexpr std::size_t kMaxHexBytes = 64;  // longer bytes (ciphertext) are only counted

std::string when(std::int64_t ms, std::int64_t now_ms) {
    if (ms == 0) return "-";
    return format_local_time(ms) + " (" +
           (ms <= now_ms ? format_age(now_ms, ms) + " ago" : format_age(now_ms, ms)) + ")";
}

std::string bytes_text(const std::string& bytes) {
    if (bytes.size() > kMaxHexBytes) return "(" + std::to_string(bytes.size()) + " bytes)";
    return to_hex(as_bytes(bytes));
}

std::string number_text(double value) {
    std::ostringstream out;
    out.precision(10);
    out << value;
    return out.str();
}

// One scalar value (element `index` when the field is repeated, else -1) as text.
std::string scalar_text(const Message& msg, const FieldDescriptor& f, int index,
                        std::int64_t now_ms) {
    const Reflection* r = msg.GetReflection();
    const bool rep = index >= 0;
    switch (f.cpp_type()) {
        case FieldDescriptor::CPPTYPE_ENUM:
            return friendly_enum_name(
                *(rep ? r->GetRepeatedEnum(msg, &f, index) : r->GetEnum(msg, &f)));
        case FieldDescriptor::CPPTYPE_STRING: {
            std::string s = rep ? r->GetRepeatedString(msg, &f, index) : r->GetString(msg, &f);
            return f.type() == FieldDescriptor::TYPE_BYTES ? bytes_text(s) : printable(s, true);
        }
        case FieldDescriptor::CPPTYPE_INT64: {
            std::int64_t v = rep ? r->GetRepeatedInt64(msg, &f, index) : r->GetInt64(msg, &f);
            return f.name().ends_with("_ms") ? when(v, now_ms) : std::to_string(v);
        }
        case FieldDescriptor::CPPTYPE_INT32:
            return std::to_string(rep ? r->GetRepeatedInt32(msg, &f, index) : r->GetInt32(msg, &f));
        case FieldDescriptor::CPPTYPE_UINT32:
            return std::to_string(rep ? r->GetRepeatedUInt32(msg, &f, index)
                                      : r->GetUInt32(msg, &f));
        case FieldDescriptor::CPPTYPE_UINT64:
            return std::to_string(rep ? r->GetRepeatedUInt64(msg, &f, index)
                                      : r->GetUInt64(msg, &f));
        case FieldDescriptor::CPPTYPE_DOUBLE:
            return number_text(rep ? r->GetRepeatedDouble(msg, &f, index) : r->GetDouble(msg, &f));
        case FieldDescriptor::CPPTYPE_FLOAT:
            return number_text(rep ? r->GetRepeatedFloat(msg, &f, index) : r->GetFloat(msg, &f));
        case FieldDescriptor::CPPTYPE_BOOL:
            return (rep ? r->GetRepeatedBool(msg, &f, index) : r->GetBool(msg, &f)) ? "yes" : "no";
        case FieldDescriptor::CPPTYPE_MESSAGE:
            break;
    }
    return "?";
}

// "name: value"; a multi-line text continues on indented lines below the name.
void add_scalar(Lines& out, const std::string& label, const std::string& value) {
    if (value.find('\n') == std::string::npos) {
        out.push_back(label + ": " + value);
        return;
    }
    out.push_back(label + ":");
    std::istringstream in(value);
    for (std::string line; std::getline(in, line);) out.push_back("  " + line);
}

void add_nested(Lines& out, const Lines& child, std::string_view first_prefix,
                std::string_view prefix = "  ") {
    for (std::size_t i = 0; i < child.size(); ++i)
        out.push_back(std::string(i == 0 ? first_prefix : prefix) + child[i]);
}

Lines message_lines(const Message& msg, std::int64_t now_ms);

Lines sealed_lines(const v1::Sealed& sealed) {
    return {"sealed for " + std::to_string(sealed.recipients_size()) + " recipient(s)"};
}

Lines child_lines(const Message& child, std::int64_t now_ms) {
    if (const auto* sealed = dynamic_cast<const v1::Sealed*>(&child)) return sealed_lines(*sealed);
    return message_lines(child, now_ms);
}

void add_field(Lines& out, const Message& msg, const FieldDescriptor& f, std::int64_t now_ms) {
    const Reflection* r = msg.GetReflection();
    const bool is_message = f.cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE;
    if (!f.is_repeated()) {
        if (!is_message) return add_scalar(out, f.name(), scalar_text(msg, f, -1, now_ms));
        out.push_back(f.name() + ":");
        return add_nested(out, child_lines(r->GetMessage(msg, &f), now_ms), "  ");
    }
    out.push_back(f.name() + ":");
    for (int i = 0; i < r->FieldSize(msg, &f); ++i) {
        Lines item = is_message ? child_lines(r->GetRepeatedMessage(msg, &f, i), now_ms)
                                : Lines{scalar_text(msg, f, i, now_ms)};
        add_nested(out, item, "  - ", "    ");
    }
}

Lines message_lines(const Message& msg, std::int64_t now_ms) {
    std::vector<const FieldDescriptor*> fields;
    msg.GetReflection()->ListFields(msg, &fields);  // only fields that are set, in number order
    Lines out;
    for (const FieldDescriptor* f : fields) add_field(out, msg, *f, now_ms);
    return out;
}

Lines header_lines(const v1::MessageView& view, std::int64_t now_ms) {
    Lines out{
        "id:          " + view.id(),
        "kind:        " + printable(view.kind()),
        "precedence:  " + std::string(precedence_name(view.precedence())),
        "author:      " + view.author() + " (" + printable(view.author_fingerprint()) + ")",
        "created:     " + when(view.created_ms(), now_ms),
        "expires:     " + when(view.expires_ms(), now_ms),
        "received:    " + when(view.received_ms(), now_ms),
    };
    if (!view.message().supersedes().empty())
        out.push_back("supersedes:  " + bytes_text(view.message().supersedes()));
    return out;
}

}  // namespace

std::string message_details(const v1::MessageView& view, std::int64_t now_ms) {
    std::string text;
    for (const std::string& line : header_lines(view, now_ms)) text += line + "\n";
    text += "\n";
    for (const std::string& line : message_lines(view.message().body(), now_ms))
        text += line + "\n";
    // The daemon opened the sealed part: this node is one it was sealed to.
    if (!view.restricted_text().empty()) {
        text +=
            "\nrestricted (sealed; readable on this node): " + printable(view.restricted_text()) +
            "\n";
    }
    return text;
}

}  // namespace baken::cli
