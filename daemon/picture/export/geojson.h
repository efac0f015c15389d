// The picture as GeoJSON (RFC 7946) for the region's GIS: one Feature per support point with
// its latest status and its open needs. A point without coordinates (0,0 in its status) has a
// null geometry, as RFC 7946 allows, so it is still listed.
#pragma once

#include <string>

#include "baken/v1/picture.pb.h"

namespace baken::picture {

std::string to_geojson(const v1::Picture& picture);

}  // namespace baken::picture
