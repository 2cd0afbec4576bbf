using StreamGuard.Core.Ingestion;
using StreamGuard.Core.Model;
using StreamGuard.Pipeline;

namespace StreamGuard.Processor.Tests.Scoring;

/// <summary>
/// Builds what the pipeline hands the scorer from a raw event, for tests and tuning before the
/// pipeline exists (the real anonymise stage pseudonymises; here the card number is the id).
/// </summary>
internal static class ScoringSamples
{
    public static (EnrichedTransaction Transaction, RawFeatures Features) FromEvent(TransactionEvent e)
    {
        GeoPoint? home = e.Customer?.Home;
        double? distance = home is { } h && e.MerchantLocation is { } m ? h.DistanceKmTo(m) : null;
        int? age = e.Customer?.DateOfBirth is { } dob ? (int)((DateOnly.FromDateTime(e.EventTime.UtcDateTime).DayNumber - dob.DayNumber) / 365.25) : null;
        var transaction = new EnrichedTransaction
        {
            TransactionId = e.TransactionId,
            EventTime = e.EventTime,
            Amount = e.Amount,
            Merchant = e.Merchant,
            CustomerId = e.AccountId,
            CardId = e.AccountId,
            SourceCategory = e.SourceCategory,
            DistanceFromHomeKm = distance,
            IsFraud = e.IsFraud,
        };
        return (transaction, new RawFeatures(distance, age, home));
    }

    /// <summary>Every readable event of a file, sorted by event time (the samples are not in order).</summary>
    public static List<(EnrichedTransaction Transaction, RawFeatures Features)> LoadSorted(string path) =>
        [.. TransactionFileReader.Read(path)
            .Where(o => o.Event is not null)
            .Select(o => FromEvent(o.Event!))
            .OrderBy(p => p.Transaction.EventTime)];
}
