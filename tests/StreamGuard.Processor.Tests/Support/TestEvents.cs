using System.Text.Json;
using StreamGuard.Core.Model;
using StreamGuard.Core.Serialization;
using StreamGuard.Core.Streaming;

namespace StreamGuard.Processor.Tests.Support;

/// <summary>Small, valid transaction events and their stream records for pipeline tests.</summary>
internal static class TestEvents
{
    public static TransactionEvent Event(int i, string card = "4111111111111111", decimal amount = 10m, string category = "grocery_pos") => new()
    {
        TransactionId = $"tx-{i:D6}",
        EventTime = new DateTimeOffset(2024, 3, 1, 12, 0, 0, TimeSpan.Zero).AddMinutes(i),
        Amount = amount,
        Merchant = "Corner Shop",
        SourceCategory = category,
        Source = TransactionSource.Sparkov,
        AccountId = card,
        Customer = new CustomerIdentity
        {
            FirstName = "Zebedee",
            LastName = "Quuxworth",
            Street = "12 Canary Row",
            Zip = "02139",
            State = "MA",
            Home = new GeoPoint(42.36, -71.09),
            DateOfBirth = new DateOnly(1980, 5, 17),
            Job = "Lighthouse keeper",
        },
        MerchantLocation = new GeoPoint(42.40, -71.10),
        IsFraud = false,
    };

    public static PutRecordEntry Entry(TransactionEvent e) => new(e.AccountId, JsonSerializer.SerializeToUtf8Bytes(e, CoreJsonContext.Default.TransactionEvent));

    public static async Task PutAsync(IStreamProducer stream, IEnumerable<TransactionEvent> events)
    {
        foreach (TransactionEvent[] chunk in events.Chunk(StreamLimits.MaxRecordsPerPut))
        {
            await stream.PutRecordsAsync(chunk.Select(Entry).ToList(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        }
    }
}
