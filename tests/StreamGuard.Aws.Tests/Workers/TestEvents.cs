using System.Globalization;
using StreamGuard.Core.Model;

namespace StreamGuard.Aws.Tests.Workers;

/// <summary>Plausible transactions with unique ids, spread over many cards so every shard gets records.</summary>
public static class TestEvents
{
    public static List<TransactionEvent> Create(int count, string runId, int offset = 0, int cards = 64)
    {
        var start = new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);
        string[] categories = ["grocery_pos", "gas_transport", "shopping_net", "entertainment", "food_dining"];
        var events = new List<TransactionEvent>(count);
        for (int i = offset; i < offset + count; i++)
        {
            int card = i % cards;
            events.Add(new TransactionEvent
            {
                TransactionId = $"{runId}-{i:D6}",
                EventTime = start.AddSeconds(i * 7),
                Amount = 5m + (i % 97) + ((i % 100) / 100m),
                Merchant = "merchant-" + (i % 23).ToString(CultureInfo.InvariantCulture),
                SourceCategory = categories[i % categories.Length],
                AccountId = "4000" + card.ToString("D12", CultureInfo.InvariantCulture),
                Customer = new CustomerIdentity
                {
                    FirstName = "First" + card.ToString(CultureInfo.InvariantCulture),
                    LastName = "Last",
                    DateOfBirth = new DateOnly(1980 + (card % 20), 1, 1),
                    State = "NY",
                    Zip = "10001",
                    Home = new GeoPoint(40.7, -74.0),
                },
                MerchantLocation = new GeoPoint(40.8, -73.9),
            });
        }

        return events;
    }
}
