// See geojson.h. Built as a protobuf Struct and printed by protobuf's JSON printer, so every
// string is escaped by a tested library, not by us.
#include "picture/export/geojson.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include "picture/export/time_text.h"

namespace baken::picture {

namespace {

using google::protobuf::ListValue;
using google::protobuf::Struct;
using google::protobuf::Value;

Value text(const std::string& s) {
    Value v;
    v.set_string_value(s);
    return v;
}
Value number(double d) {
    Value v;
    v.set_number_value(d);
    return v;
}
Value boolean(bool b) {
    Value v;
    v.set_bool_value(b);
    return v;
}
Value null_value() {
    Value v;
    v.set_null_value(google::protobuf::NULL_VALUE);
    return v;
}

Value need_json(const v1::NeedView& n) {
    Value v;
    auto& f = *v.mutable_struct_value()->mutable_fields();
    f["need_id"] = text(n.need_id());
    f["category"] = text(v1::NeedCategory_Name(n.category()));
    f["quantity"] = number(n.quantity());
    f["unit"] = text(n.unit());
    f["urgency"] = text(v1::Urgency_Name(n.urgency()));
    f["state"] = text(v1::NeedState_Name(n.state()));
    f["text"] = text(n.text());
    f["precedence"] = text(v1::Precedence_Name(n.source().precedence()));
    f["created"] = text(utc_text(n.source().created_ms()));
    if (!n.assigned_to().empty()) f["assigned_to"] = text(n.assigned_to());
    return v;
}

Value geometry(const v1::SupportPointStatus& s) {
    if (s.latitude() == 0 && s.longitude() == 0) return null_value();
    Value v;
    auto& f = *v.mutable_struct_value()->mutable_fields();
    f["type"] = text("Point");
    ListValue* coordinates = f["coordinates"].mutable_list_value();
    *coordinates->add_values() = number(s.longitude());  // RFC 7946: longitude first
    *coordinates->add_values() = number(s.latitude());
    return v;
}

Value feature(const v1::SupportPointView& p, const v1::Picture& picture) {
    Value v;
    auto& f = *v.mutable_struct_value()->mutable_fields();
    f["type"] = text("Feature");
    f["id"] = text(p.support_point());
    f["geometry"] = geometry(p.status());
    auto& props = *f["properties"].mutable_struct_value()->mutable_fields();
    props["support_point"] = text(p.support_point());
    props["name"] = text(p.name());
    props["municipality"] = text(p.municipality());
    props["condition"] = text(v1::Condition_Name(p.condition()));
    props["open_needs"] = number(p.open_needs());
    if (p.has_status()) {
        const v1::SupportPointStatus& s = p.status();
        props["openness"] = text(v1::Openness_Name(s.openness()));
        props["power"] = text(v1::PowerSource_Name(s.power()));
        props["fuel_hours"] = number(s.fuel_hours());
        props["drinking_water"] = text(v1::Availability_Name(s.drinking_water()));
        props["visitors"] = number(s.visitors());
        props["comms"] = text(s.comms());
        props["note"] = text(s.note());
        props["status_time"] = text(utc_text(p.source().created_ms()));
        props["status_age_s"] = number(static_cast<double>(p.source().age_s()));
        props["stale"] = boolean(p.stale());
    }
    ListValue* needs = props["needs"].mutable_list_value();
    for (const v1::NeedView& n : picture.needs())
        if (n.support_point() == p.support_point() && n.state() != v1::FULFILLED &&
            n.state() != v1::CANCELLED)
            *needs->add_values() = need_json(n);
    return v;
}

}  // namespace

std::string to_geojson(const v1::Picture& picture) {
    Struct root;
    auto& f = *root.mutable_fields();
    f["type"] = text("FeatureCollection");
    f["as_of"] = text(utc_text(picture.as_of_ms()));
    f["digest"] = text(picture.digest());
    ListValue* features = f["features"].mutable_list_value();
    for (const v1::SupportPointView& p : picture.support_points())
        *features->add_values() = feature(p, picture);
    std::string out;
    (void)google::protobuf::util::MessageToJsonString(root, &out);
    out.push_back('\n');
    return out;
}

}  // namespace baken::picture
