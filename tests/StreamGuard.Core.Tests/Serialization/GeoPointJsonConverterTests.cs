using System.Text.Json;
using StreamGuard.Core.Model;
using StreamGuard.Core.Serialization;

namespace StreamGuard.Core.Tests.Serialization;

public sealed class GeoPointJsonConverterTests
{
    private static TransactionEvent Event(GeoPoint? merchant, GeoPoint? home) => new()
    {
        TransactionId = "t1",
        EventTime = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero),
        Amount = 12.5m,
        Merchant = "Shop",
        AccountId = "4111111111111111",
        MerchantLocation = merchant,
        Customer = new CustomerIdentity { FirstName = "A", Home = home },
    };

    [Fact]
    public void CoreJsonContext_Options_HoldNoConverters()
    {
        // A converter in the options turns the generated fast path off for every type of the context.
        Assert.Empty(CoreJsonContext.Default.Options.Converters);
    }

    [Fact]
    public void Serialize_EventWithPoints_WritesLatAndLonObjectsAndOmitsNullOnes()
    {
        string json = JsonSerializer.Serialize(Event(new GeoPoint(36.011293, -82.048315), null), CoreJsonContext.Default.TransactionEvent);

        Assert.Contains("\"merchant_location\":{\"lat\":36.011293,\"lon\":-82.048315}", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"home\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void RoundTrip_EventWithPoints_SamePointsBack()
    {
        TransactionEvent e = Event(new GeoPoint(-33.5, 151.25), new GeoPoint(1e-7, -179.999999));

        TransactionEvent back = JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(e, CoreJsonContext.Default.TransactionEvent), CoreJsonContext.Default.TransactionEvent)!;

        Assert.Equal(e.MerchantLocation, back.MerchantLocation);
        Assert.Equal(e.Customer!.Home, back.Customer!.Home);
    }

    [Fact]
    public void Deserialize_PointWithMembersReorderedExtraOrNull_ReadsWhatThereIs()
    {
        const string Json = """
            {"transaction_id":"t1","event_time":"2024-01-02T03:04:05+00:00","amount":1,"merchant":"m","account_id":"a",
             "merchant_location":{"alt":{"x":[1,2]},"lon":2.5,"lat":-1.25},"customer":{"home":null}}
            """;

        TransactionEvent e = JsonSerializer.Deserialize(Json, CoreJsonContext.Default.TransactionEvent)!;

        Assert.Equal(new GeoPoint(-1.25, 2.5), e.MerchantLocation);
        Assert.Null(e.Customer!.Home);
    }

    [Theory]
    [InlineData("\"north\"")]
    [InlineData("[1,2]")]
    [InlineData("{\"lat\":\"1.5\",\"lon\":2}")]
    [InlineData("{\"lat\":null,\"lon\":2}")]
    public void Deserialize_PointNotAnObjectOfNumbers_ThrowsJsonException(string point)
    {
        string json = "{\"transaction_id\":\"t1\",\"amount\":1,\"merchant\":\"m\",\"account_id\":\"a\",\"merchant_location\":" + point + "}";

        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize(json, CoreJsonContext.Default.TransactionEvent));
    }
}
