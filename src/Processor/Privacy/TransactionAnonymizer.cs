using System.Globalization;
using StreamGuard.Core.Model;
using StreamGuard.Processor.Pipeline;

namespace StreamGuard.Processor.Privacy;

/// <summary>
/// Turns a raw event into the privacy-safe record: identifiers become keyed pseudonyms, the card
/// number is cut to its last four, age becomes a band, zip and home are generalised, and features
/// that need raw values (distance from home, age) are computed here, in memory, before the raw
/// values are dropped. Names, street, birth date and job never reach the output.
/// </summary>
public sealed class TransactionAnonymizer
{
    private readonly Pseudonymizer _pseudonymizer;
    private readonly PrivacyOptions _options;

    public TransactionAnonymizer(Pseudonymizer pseudonymizer, PrivacyOptions options)
    {
        _pseudonymizer = pseudonymizer;
        _options = options;
    }

    public EnrichedTransaction Anonymize(TransactionEvent e, string shardId, string sequenceNumber, out RawFeatures features)
    {
        CustomerIdentity? c = e.Customer;
        GeoPoint? home = c?.Home;
        double? distance = home is { } h && e.MerchantLocation is { } m ? Math.Round(h.DistanceKmTo(m), 1) : null;
        int? age = c?.DateOfBirth is { } dob ? AgeAt(dob, e.EventTime) : null;
        features = new RawFeatures(distance, age, home);

        string cardId = _pseudonymizer.Pseudonym("card", e.AccountId);
        return new EnrichedTransaction
        {
            TransactionId = e.TransactionId,
            EventTime = e.EventTime,
            Amount = e.Amount,
            Currency = e.Currency,
            Merchant = e.Merchant,
            Source = e.Source,
            Change = e.Change,
            Pending = e.Pending,
            PendingTransactionId = e.PendingTransactionId,
            CardId = cardId,
            CustomerId = CustomerPseudonym(e, cardId),
            CardLast4 = LastFour(e.AccountId),
            SourceCategory = e.SourceCategory,
            AgeBand = age is int years ? AgeBand(years) : null,
            HomeState = c?.State,
            HomeZip3 = Zip3(c?.Zip),
            HomeCell = home is { } cell ? GridCell(cell, _options.HomeCellDegrees) : null,
            DistanceFromHomeKm = distance,
            MerchantLocation = _options.KeepMerchantLocation ? e.MerchantLocation : null,
            IsFraud = e.IsFraud,
            ShardId = shardId,
            SequenceNumber = sequenceNumber,
        };
    }

    private string CustomerPseudonym(TransactionEvent e, string cardId)
    {
        CustomerIdentity? c = e.Customer;
        if (c is { FirstName: { } first, LastName: { } last, DateOfBirth: { } dob })
        {
            string identity = string.Join('|', first.ToUpperInvariant(), last.ToUpperInvariant(), dob.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), c.Zip ?? "");
            return _pseudonymizer.Pseudonym("cust", identity);
        }

        // Without identity fields the account is the customer.
        return "cust_" + cardId["card_".Length..];
    }

    internal static string? LastFour(string accountId)
    {
        // Only a card-like number has a meaningful last four; Plaid account ids are opaque.
        return accountId.Length >= 8 && accountId.AsSpan(accountId.Length - 4).IndexOfAnyExceptInRange('0', '9') < 0
            ? accountId[^4..]
            : null;
    }

    internal static int AgeAt(DateOnly dob, DateTimeOffset at)
    {
        DateOnly day = DateOnly.FromDateTime(at.UtcDateTime);
        int age = day.Year - dob.Year;
        return dob > day.AddYears(-age) ? age - 1 : age;
    }

    internal static string AgeBand(int years) => years switch
    {
        < 18 => "under-18",
        >= 90 => "90+",
        _ => $"{years / 10 * 10}-{(years / 10 * 10) + 9}",
    };

    internal static string? Zip3(string? zip)
    {
        if (string.IsNullOrWhiteSpace(zip) || !zip.Trim().All(char.IsAsciiDigit))
        {
            return null;
        }

        return zip.Trim().PadLeft(5, '0')[..3];
    }

    internal static string GridCell(GeoPoint p, double degrees)
    {
        double lat = Math.Floor(p.Lat / degrees) * degrees;
        double lon = Math.Floor(p.Lon / degrees) * degrees;
        return string.Create(CultureInfo.InvariantCulture, $"{Math.Abs(lat):00.##}{(lat >= 0 ? 'N' : 'S')}{Math.Abs(lon):000.##}{(lon >= 0 ? 'E' : 'W')}");
    }
}
