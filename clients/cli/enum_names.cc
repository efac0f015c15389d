// See enum_names.h. The affixes to strip come from the enum's type name: proto3 enum values
// share one namespace per package, so CapUrgency's values are URGENCY_*, CapCategory's have
// a _CATEGORY suffix where a bare name would clash with NeedCategory.
#include "enum_names.h"

#include <cctype>

namespace baken::cli {
namespace {

using google::protobuf::EnumDescriptor;
using google::protobuf::EnumValueDescriptor;

// "CapUrgency" -> {"CAP", "URGENCY"}.
std::vector<std::string> upper_words(std::string_view camel) {
    std::vector<std::string> words;
    for (char c : camel) {
        if (std::isupper(static_cast<unsigned char>(c)) || words.empty()) words.emplace_back();
        words.back().push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
    return words;
}

// The trailing word runs of the type name, longest first: "CAP_URGENCY", "URGENCY".
std::vector<std::string> affixes_of(const EnumDescriptor& type) {
    std::vector<std::string> words = upper_words(type.name());
    std::vector<std::string> affixes;
    for (std::size_t start = 0; start < words.size(); ++start) {
        std::string affix;
        for (std::size_t i = start; i < words.size(); ++i)
            affix += (affix.empty() ? "" : "_") + words[i];
        affixes.push_back(affix);
    }
    return affixes;
}

std::string strip_affix(const std::string& name, const std::vector<std::string>& affixes) {
    for (const std::string& affix : affixes) {
        if (name.size() <= affix.size() + 1) continue;  // never strip a name down to nothing
        if (name.starts_with(affix + "_")) return name.substr(affix.size() + 1);
        if (name.ends_with("_" + affix)) return name.substr(0, name.size() - affix.size() - 1);
    }
    return name;
}

// Lower case, '_' -> '-': the form in which names are compared and shown.
std::string normalise(std::string_view text) {
    std::string out;
    for (char c : text) {
        out.push_back(c == '_' ? '-'
                               : static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    return out;
}

}  // namespace

std::string friendly_enum_name(const EnumValueDescriptor& value) {
    return normalise(strip_affix(value.name(), affixes_of(*value.type())));
}

std::vector<std::string> friendly_enum_names(const EnumDescriptor& type) {
    std::vector<std::string> names;
    for (int i = 0; i < type.value_count(); ++i) {
        if (type.value(i)->number() != 0) names.push_back(friendly_enum_name(*type.value(i)));
    }
    return names;
}

Result<int, std::string> enum_from_friendly(const EnumDescriptor& type, std::string_view text) {
    const std::string wanted = normalise(text);
    for (int i = 0; i < type.value_count(); ++i) {
        const EnumValueDescriptor& value = *type.value(i);
        if (value.number() == 0) continue;
        if (wanted == friendly_enum_name(value) || wanted == normalise(value.name())) {
            return value.number();
        }
    }
    return fail("unknown value \"" + std::string(text) +
                "\"; choose one of: " + join(friendly_enum_names(type)));
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
    std::string out;
    for (const std::string& item : items) {
        if (!out.empty()) out += separator;
        out += item;
    }
    return out;
}

}  // namespace baken::cli
