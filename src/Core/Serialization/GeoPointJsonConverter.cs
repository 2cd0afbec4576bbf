using System.Text.Json;
using System.Text.Json.Serialization;
using StreamGuard.Core.Model;

namespace StreamGuard.Core.Serialization;

/// <summary>
/// A point as <c>{"lat":..,"lon":..}</c>, the JSON the generated object path wrote and read before,
/// written and read directly. Through the generated code a nullable point (every event's merchant
/// and home) went the metadata way with a fresh frame stack per value: it was most of the time the
/// embedded writer spent encoding an event.
/// </summary>
public sealed class GeoPointJsonConverter : JsonConverter<GeoPoint>
{
    private static readonly JsonEncodedText s_lat = JsonEncodedText.Encode("lat");
    private static readonly JsonEncodedText s_lon = JsonEncodedText.Encode("lon");

    public override GeoPoint Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"A point is a JSON object with lat and lon; found {reader.TokenType}.");
        }

        double lat = 0;
        double lon = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                throw new JsonException($"A point is a JSON object with lat and lon; found {reader.TokenType}.");
            }

            bool isLat = reader.ValueTextEquals(s_lat.EncodedUtf8Bytes);
            bool isLon = !isLat && reader.ValueTextEquals(s_lon.EncodedUtf8Bytes);
            reader.Read();
            if (isLat)
            {
                lat = Number(ref reader);
            }
            else if (isLon)
            {
                lon = Number(ref reader);
            }
            else
            {
                // Other members are ignored, as the generated object path did.
                reader.Skip();
            }
        }

        return new GeoPoint(lat, lon);
    }

    private static double Number(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out double value)
            ? value
            : throw new JsonException($"A point's lat and lon are numbers; found {reader.TokenType}.");

    public override void Write(Utf8JsonWriter writer, GeoPoint value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteNumber(s_lat, value.Lat);
        writer.WriteNumber(s_lon, value.Lon);
        writer.WriteEndObject();
    }
}
