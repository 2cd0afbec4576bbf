namespace StreamGuard.Core.Model;

/// <summary>A latitude/longitude pair in degrees.</summary>
// The converter is named on the type, not in the context's options: any converter in a context's
// options turns off the generated fast path for every type of that context (System.Text.Json
// checks Converters.Count == 0), which sent each event and each output through the metadata path.
[System.Text.Json.Serialization.JsonConverter(typeof(Serialization.GeoPointJsonConverter))]
public record struct GeoPoint(double Lat, double Lon)
{
    // Lets the JSON source generator take its fast setter path rather than the constructor path.
    [System.Text.Json.Serialization.JsonConstructor]
    public GeoPoint()
        : this(0, 0)
    {
    }

    private const double EarthRadiusKm = 6371.0088;

    /// <summary>Great-circle distance in kilometres (haversine).</summary>
    public double DistanceKmTo(GeoPoint other)
    {
        double dLat = DegreesToRadians(other.Lat - Lat);
        double dLon = DegreesToRadians(other.Lon - Lon);
        double a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2)
            + Math.Cos(DegreesToRadians(Lat)) * Math.Cos(DegreesToRadians(other.Lat)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    private static double DegreesToRadians(double degrees) => degrees * Math.PI / 180;
}
