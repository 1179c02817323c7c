package geo

import "math"

// earthRadiusKm is the Earth's mean radius (IUGG).
const earthRadiusKm = 6371.0088

// Distance is the great-circle distance between two places in kilometres.
func Distance(a, b Place) float64 {
	return DistanceKm(a.Lat, a.Lon, b.Lat, b.Lon)
}

// DistanceKm is the great-circle distance in kilometres between two points
// given in degrees, by the haversine formula (within 0.5 % of the distance
// on the ellipsoid).
func DistanceKm(lat1, lon1, lat2, lon2 float64) float64 {
	const rad = math.Pi / 180
	dLat := (lat2 - lat1) * rad
	dLon := (lon2 - lon1) * rad
	s1, s2 := math.Sin(dLat/2), math.Sin(dLon/2)
	h := s1*s1 + math.Cos(lat1*rad)*math.Cos(lat2*rad)*s2*s2
	return 2 * earthRadiusKm * math.Asin(math.Sqrt(math.Min(1, h)))
}
