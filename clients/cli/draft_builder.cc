// See draft_builder.h. Reflection walks the path of each spec; a repeated message on the way
// (sitrep.entries) is filled in its first element, since the CLI posts one entry at a time.
#include "draft_builder.h"

#include <cassert>
#include <cctype>
#include <charconv>
#include <cmath>

#include "common/bytes.h"
#include "crypto/keys.h"
#include "enum_names.h"
#include "message/kind.h"
#include "message/limits.h"
#include "time_text.h"

namespace baken::cli {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

std::vector<std::string> split_path(std::string_view path) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        std::size_t dot = path.find('.', start);
        parts.emplace_back(path.substr(start, dot - start));
        if (dot == std::string_view::npos) return parts;
        start = dot + 1;
    }
}

const FieldDescriptor& body_field(const PostKind& kind) {
    const FieldDescriptor* field =
        v1::Body::descriptor()->FindFieldByName(std::string(kind.body_field));
    assert(field && "post_kinds.cc names a field that baken.v1.Body does not have");
    return *field;
}

// The message holding the leaf field of `path`, created on the way where needed.
Message& container_for(Message& root, std::string_view path) {
    std::vector<std::string> parts = split_path(path);
    Message* msg = &root;
    for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
        const FieldDescriptor* field = msg->GetDescriptor()->FindFieldByName(parts[i]);
        assert(field && field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE);
        const Reflection* r = msg->GetReflection();
        if (!field->is_repeated()) {
            msg = r->MutableMessage(msg, field);
        } else if (r->FieldSize(*msg, field) == 0) {
            msg = r->AddMessage(msg, field);
        } else {
            msg = r->MutableRepeatedMessage(msg, field, 0);
        }
    }
    return *msg;
}

template <typename Number>
Result<Number, std::string> parse_number(const std::string& raw) {
    Number value{};
    auto [end, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), value);
    if (ec == std::errc::result_out_of_range) return fail("\"" + raw + "\" is out of range");
    if (ec != std::errc{} || end != raw.data() + raw.size())
        return fail("\"" + raw + "\" is not a number");
    if constexpr (std::is_floating_point_v<Number>) {
        if (!std::isfinite(value)) return fail("\"" + raw + "\" is not a finite number");
    }
    return value;
}

// Sets a scalar field from text by its proto type.
std::optional<std::string> set_plain(Message& msg, const FieldDescriptor& field,
                                     const std::string& raw) {
    const Reflection* r = msg.GetReflection();
    switch (field.cpp_type()) {
        case FieldDescriptor::CPPTYPE_STRING:
            r->SetString(&msg, &field, raw);
            return std::nullopt;
        case FieldDescriptor::CPPTYPE_ENUM: {
            auto number = enum_from_friendly(*field.enum_type(), raw);
            if (!number) return number.error();
            r->SetEnumValue(&msg, &field, *number);
            return std::nullopt;
        }
        case FieldDescriptor::CPPTYPE_DOUBLE: {
            auto number = parse_number<double>(raw);
            if (!number) return number.error();
            r->SetDouble(&msg, &field, *number);
            return std::nullopt;
        }
        case FieldDescriptor::CPPTYPE_INT32: {
            auto number = parse_number<std::int32_t>(raw);
            if (!number) return number.error();
            r->SetInt32(&msg, &field, *number);
            return std::nullopt;
        }
        case FieldDescriptor::CPPTYPE_INT64: {
            auto number = parse_number<std::int64_t>(raw);
            if (!number) return number.error();
            r->SetInt64(&msg, &field, *number);
            return std::nullopt;
        }
        default:
            break;
    }
    assert(false && "post_kinds.cc names a field of a type the CLI cannot fill");
    return "cannot be set from the command line";
}

// "households without power=12000" appended to a repeated Count field.
std::optional<std::string> add_count(Message& msg, const FieldDescriptor& field,
                                     const std::string& raw) {
    std::size_t eq = raw.rfind('=');
    if (eq == std::string::npos || eq == 0)
        return "\"" + raw + "\" is not label=value, e.g. \"households without power=12000\"";
    auto value = parse_number<std::int64_t>(raw.substr(eq + 1));
    if (!value) return value.error();
    if (*value < 0) return "\"" + raw + "\": the value must not be negative";
    Message* count = msg.GetReflection()->AddMessage(&msg, &field);
    const auto* d = count->GetDescriptor();
    count->GetReflection()->SetString(count, d->FindFieldByName("label"), raw.substr(0, eq));
    count->GetReflection()->SetInt64(count, d->FindFieldByName("value"), *value);
    return std::nullopt;
}

std::optional<std::string> apply(Message& body, const PostKind& kind, const FieldSpec& spec,
                                 const std::string& raw, std::int64_t now_ms) {
    Message& msg = container_for(body, spec.path);
    const FieldDescriptor& field = leaf_field(kind, spec);
    switch (spec.form) {
        case FieldForm::plain:
            return set_plain(msg, field, raw);
        case FieldForm::count:
            return add_count(msg, field, raw);
        case FieldForm::time: {
            auto ms = parse_time_ms(raw, now_ms);
            if (!ms) return ms.error();
            msg.GetReflection()->SetInt64(&msg, &field, *ms);
            return std::nullopt;
        }
    }
    return std::nullopt;
}

Message& kind_body(v1::Body& body, const PostKind& kind) {
    return *body.GetReflection()->MutableMessage(&body, &body_field(kind));
}

std::string flag_error(std::string_view flag, const std::string& error) {
    return "--" + std::string(flag) + ": " + error;
}

// Fills the body from every given flag; returns one error line per bad value.
std::vector<std::string> fill_body(v1::Body& body, const PostKind& kind, const FlagValues& values,
                                   std::int64_t now_ms) {
    std::vector<std::string> errors;
    Message& msg = kind_body(body, kind);
    for (const FieldSpec& spec : kind.fields) {
        std::vector<std::string> raws;
        if (spec.form == FieldForm::count) {
            if (auto it = values.repeated.find(std::string(spec.flag)); it != values.repeated.end())
                raws = it->second;
        } else if (auto it = values.single.find(std::string(spec.flag));
                   it != values.single.end() && !it->second.empty()) {
            raws.push_back(it->second);
        }
        for (const std::string& raw : raws) {
            if (auto error = apply(msg, kind, spec, raw, now_ms))
                errors.push_back(flag_error(spec.flag, *error));
        }
    }
    return errors;
}

// An announcement that states when it expires should live as long as it applies.
std::int64_t default_ttl_seconds(const v1::Body& body, std::int64_t now_ms) {
    if (!body.has_announcement() || body.announcement().expires_ms() <= now_ms) return 0;
    std::int64_t seconds = (body.announcement().expires_ms() - now_ms + 999) / 1000;
    return std::min(seconds, limits::kMaxLifetimeMs / 1000);
}

std::optional<std::string> apply_common(v1::Draft& draft, const CommonFlags& common,
                                        std::int64_t now_ms) {
    auto precedence = parse_precedence(common.precedence);
    if (!precedence) return flag_error("precedence", precedence.error());
    draft.set_precedence(*precedence);
    if (common.ttl.empty()) {
        draft.set_ttl_seconds(default_ttl_seconds(draft.body(), now_ms));
    } else {
        auto ttl = parse_ttl_seconds(common.ttl);
        if (!ttl) return flag_error("ttl", ttl.error());
        draft.set_ttl_seconds(*ttl);
    }
    draft.set_restricted_text(common.restricted);
    if (!common.supersedes.empty()) {
        auto id = from_hex(common.supersedes);
        if (!id || id->size() != kMessageIdSize) {
            return flag_error("supersedes",
                              "give the full 64-hex id of the earlier message (see baken list)");
        }
        draft.set_supersedes(to_hex(*id));
    }
    return std::nullopt;
}

// The draft from every given value, and one error line per value that could not be used.
std::pair<v1::Draft, std::vector<std::string>> fill_draft(const PostKind& kind,
                                                          const FlagValues& values,
                                                          const CommonFlags& common,
                                                          std::int64_t now_ms) {
    v1::Draft draft;
    std::vector<std::string> errors = fill_body(*draft.mutable_body(), kind, values, now_ms);
    if (auto error = apply_common(draft, common, now_ms)) errors.push_back(*error);
    return {std::move(draft), std::move(errors)};
}

}  // namespace

const FieldDescriptor& leaf_field(const PostKind& kind, const FieldSpec& spec) {
    const google::protobuf::Descriptor* type = body_field(kind).message_type();
    const FieldDescriptor* field = nullptr;
    for (const std::string& part : split_path(spec.path)) {
        assert(type && "a field path goes through a non-message field");
        field = type->FindFieldByName(part);
        assert(field && "post_kinds.cc names a field that does not exist");
        type = field->message_type();
    }
    return *field;
}

std::vector<std::string> choices_for(const PostKind& kind, const FieldSpec& spec) {
    const FieldDescriptor& field = leaf_field(kind, spec);
    if (field.cpp_type() != FieldDescriptor::CPPTYPE_ENUM) return {};
    return friendly_enum_names(*field.enum_type());
}

std::vector<std::string> value_errors(const PostKind& kind, const FlagValues& values,
                                      const CommonFlags& common, std::int64_t now_ms) {
    return fill_draft(kind, values, common, now_ms).second;
}

std::vector<const FieldSpec*> missing_fields(const PostKind& kind, const FlagValues& values) {
    std::vector<const FieldSpec*> missing;
    for (const FieldSpec& spec : kind.fields) {
        if (!spec.required) continue;
        auto it = values.single.find(std::string(spec.flag));
        if (it == values.single.end() || it->second.empty()) missing.push_back(&spec);
    }
    return missing;
}

std::optional<std::string> check_value(const PostKind& kind, const FieldSpec& spec,
                                       const std::string& raw, std::int64_t now_ms) {
    if (raw.empty() && spec.required) return "a value is required";
    v1::Body scratch;
    return apply(kind_body(scratch, kind), kind, spec, raw, now_ms);
}

Result<v1::Draft, std::string> build_draft(const PostKind& kind, const FlagValues& values,
                                           const CommonFlags& common, std::int64_t now_ms) {
    auto [draft, errors] = fill_draft(kind, values, common, now_ms);
    std::vector<std::string> missing;
    for (const FieldSpec* spec : missing_fields(kind, values))
        missing.push_back("--" + std::string(spec->flag));
    if (!missing.empty()) errors.push_back("missing required flags: " + join(missing));
    if (!errors.empty()) return fail(join(errors, "\n"));
    return draft;
}

Result<v1::Precedence, std::string> parse_precedence(const std::string& text) {
    std::string lower;
    for (char c : text)
        lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    if (auto precedence = precedence_from_name(lower)) return *precedence;
    return fail("unknown value \"" + text +
                "\"; choose one of: " + join(friendly_enum_names(*v1::Precedence_descriptor())));
}

Result<std::int64_t, std::string> parse_ttl_seconds(const std::string& text) {
    auto seconds = parse_duration_seconds(text);
    if (!seconds) return seconds;
    if (*seconds > limits::kMaxLifetimeMs / 1000) {
        return fail("\"" + text + "\" is too long; a message lives at most 90d");
    }
    return seconds;
}

}  // namespace baken::cli
