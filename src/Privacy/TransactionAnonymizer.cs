using System.Globalization;
using StreamGuard.Core;
using StreamGuard.Core.Model;
using StreamGuard.Pipeline;

namespace StreamGuard.Privacy;

/// <summary>
/// Turns a raw event into the privacy-safe record: identifiers (transaction ids too) become keyed pseudonyms, the card
/// number is cut to its last four, age becomes a band, zip and home are generalised, and features
/// that need raw values (distance from home, age) are computed here, in memory, before the raw
/// values are dropped. Names, street, birth date and job never reach the output.
/// </summary>
public sealed class TransactionAnonymizer
{
    private const int CardCacheLimit = 200_000;
    private static readonly string[] s_ageBands = Enumerable.Range(0, 10).Select(d => $"{d * 10}-{(d * 10) + 9}").ToArray();
    private readonly Pseudonymizer _pseudonymizer;
    private readonly PrivacyOptions _options;
    private readonly RestrictedZip3 _restrictedZip3;

    // What a card's records share (pseudonyms and generalised home), derived once per card:
    // the HMACs and string work were the anonymiser's main cost. Memory only, bounded.
    private readonly Dictionary<string, CardView> _cards = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<Pseudonymizer> _previous;

    /// <param name="previous">During a key rotation, the previous keys' pseudonymizers: each card and customer first seen is linked from its old pseudonyms to the new ones.</param>
    public TransactionAnonymizer(Pseudonymizer pseudonymizer, PrivacyOptions options, IReadOnlyList<Pseudonymizer>? previous = null)
    {
        _pseudonymizer = pseudonymizer;
        _options = options;
        _previous = previous ?? [];
        _restrictedZip3 = ParseRestrictedZip3(options.RestrictedZip3);
    }

    public EnrichedTransaction Anonymize(TransactionEvent e, string shardId, string sequenceNumber, out RawFeatures features) =>
        Anonymize(e, shardId, sequenceNumber, null, out features);

    /// <param name="links">Receives the old-to-new pseudonym links of a card seen for the first time during a key rotation.</param>
    public EnrichedTransaction Anonymize(TransactionEvent e, string shardId, string sequenceNumber, List<PseudonymLink>? links, out RawFeatures features)
    {
        CustomerIdentity? c = e.Customer;
        GeoPoint? home = c?.Home;
        double? distance = home is { } h && e.MerchantLocation is { } m ? Math.Round(h.DistanceKmTo(m), 1) : null;
        int? age = c?.DateOfBirth is { } dob ? AgeAt(dob, e.EventTime) : null;
        features = new RawFeatures(distance, age, home, c?.CityPopulation);

        CardView card = View(e, links);
        return new EnrichedTransaction
        {
            // The source id (Sparkov trans_num, Plaid transaction_id) would join every output row back to the raw file.
            TransactionId = _pseudonymizer.TransactionId(e.TransactionId),
            EventTime = e.EventTime,
            Amount = e.Amount,
            Currency = e.Currency,
            Merchant = e.Merchant,
            Source = e.Source,
            Change = e.Change,
            Pending = e.Pending,
            PendingTransactionId = e.PendingTransactionId is null ? null : _pseudonymizer.TransactionId(e.PendingTransactionId),
            CardId = card.CardId,
            CustomerId = card.CustomerId,
            CardLast4 = card.Last4,
            SourceCategory = e.SourceCategory,
            AgeBand = age is int years ? AgeBand(years) : null,
            HomeState = c?.State,
            HomeZip3 = card.Zip3,
            HomeCell = card.HomeCell,
            // Exact distance stays in memory (RawFeatures) for the scorer. Outputs get the band of the distance
            // from the centre of the published home cell: bands measured from the home itself, with locatable
            // merchants, trilaterated homes to 1.2 km (median, data/sample.csv); from the cell centre they tell
            // nothing the cell does not. Nothing at all next to merchant coordinates.
            DistanceFromHomeKm = _options.KeepMerchantLocation ? null : DistanceBand(card.CellCentre is { } centre && e.MerchantLocation is { } merchant ? centre.DistanceKmTo(merchant) : null),
            MerchantLocation = _options.KeepMerchantLocation ? e.MerchantLocation : null,
            IsFraud = e.IsFraud,
            ShardId = shardId,
            SequenceNumber = sequenceNumber,
        };
    }

    private CardView View(TransactionEvent e, List<PseudonymLink>? links)
    {
        CustomerIdentity? c = e.Customer;
        if (_cards.TryGetValue(e.AccountId, out CardView? known) && known.Zip == c?.Zip && known.Home == c?.Home)
        {
            return known;
        }

        string cardId = _pseudonymizer.Pseudonym("card", e.AccountId);
        var view = new CardView(cardId, CustomerPseudonym(e, cardId, _pseudonymizer), LastFour(e.AccountId), _restrictedZip3.Publish(Zip3(c?.Zip)),
            c?.Home is { } home ? GridCell(home, _options.HomeCellDegrees) : null, c?.Zip, c?.Home,
            c?.Home is { } h ? CellCentre(h, _options.HomeCellDegrees) : null);
        foreach (Pseudonymizer previous in _previous)
        {
            // Linked when first seen (again after the cache is cleared: re-keying an absent id is a no-op).
            string oldCard = previous.Pseudonym("card", e.AccountId);
            links?.Add(new PseudonymLink(PseudonymLink.Card, oldCard, cardId));
            links?.Add(new PseudonymLink(PseudonymLink.Customer, CustomerPseudonym(e, oldCard, previous), view.CustomerId));
        }

        if (_cards.Count >= CardCacheLimit)
        {
            _cards.Clear();
        }

        _cards[e.AccountId] = view;
        return view;
    }

    private static RestrictedZip3 ParseRestrictedZip3(string? list)
    {
        try
        {
            return Privacy.RestrictedZip3.Parse(list);
        }
        catch (FormatException ex)
        {
            throw new UserErrorException($"StreamGuard:Privacy:RestrictedZip3 must list 3-digit zip prefixes separated by commas: {ex.Message}", ex);
        }
    }

    private sealed record CardView(string CardId, string CustomerId, string? Last4, string? Zip3, string? HomeCell, string? Zip, GeoPoint? Home, GeoPoint? CellCentre);

    private static string CustomerPseudonym(TransactionEvent e, string cardId, Pseudonymizer pseudonymizer)
    {
        CustomerIdentity? c = e.Customer;
        if (c is { FirstName: { } first, LastName: { } last, DateOfBirth: { } dob })
        {
            string identity = string.Join('|', first.ToUpperInvariant(), last.ToUpperInvariant(), dob.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), c.Zip ?? "");
            return pseudonymizer.Pseudonym("cust", identity);
        }

        // A source's person id (a Plaid Item) makes all that person's accounts one customer.
        if (c?.PersonId is { Length: > 0 } person)
        {
            return pseudonymizer.Pseudonym("cust", "person\u001f" + person);
        }

        // Without either, the account is the customer.
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

    /// <summary>The lower edge (km) of the distance's band: 0, 5, 25, 100, 500 or 2000.</summary>
    internal static double? DistanceBand(double? km) => km switch
    {
        null => null,
        < 5 => 0,
        < 25 => 5,
        < 100 => 25,
        < 500 => 100,
        < 2000 => 500,
        _ => 2000,
    };

    internal static string AgeBand(int years) => years switch
    {
        < 18 => "under-18",
        >= 90 => "90+",
        _ => s_ageBands[years / 10],
    };

    internal static string? Zip3(string? zip)
    {
        if (string.IsNullOrWhiteSpace(zip) || !zip.Trim().All(char.IsAsciiDigit))
        {
            return null;
        }

        return zip.Trim().PadLeft(5, '0')[..3];
    }

    /// <summary>The centre of the grid cell holding the point (what <see cref="GridCell"/> names).</summary>
    internal static GeoPoint CellCentre(GeoPoint p, double degrees) =>
        new((Math.Floor(p.Lat / degrees) * degrees) + (degrees / 2), (Math.Floor(p.Lon / degrees) * degrees) + (degrees / 2));

    internal static string GridCell(GeoPoint p, double degrees)
    {
        double lat = Math.Floor(p.Lat / degrees) * degrees;
        double lon = Math.Floor(p.Lon / degrees) * degrees;
        return string.Create(CultureInfo.InvariantCulture, $"{Math.Abs(lat):00.##}{(lat >= 0 ? 'N' : 'S')}{Math.Abs(lon):000.##}{(lon >= 0 ? 'E' : 'W')}");
    }
}
