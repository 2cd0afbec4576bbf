using System.Globalization;
using StreamGuard.Core.Model;

namespace StreamGuard.Core.Ingestion.Plaid;

/// <summary>Maps Plaid transactions to the canonical event, or says why one cannot be mapped.</summary>
public static class PlaidTransactionMapper
{
    public static TransactionEvent? TryMap(PlaidTransaction t, ChangeKind change, out string? problem)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(t.TransactionId))
        {
            problems.Add("transaction_id is missing");
        }

        if (string.IsNullOrWhiteSpace(t.AccountId))
        {
            problems.Add("account_id is missing");
        }

        if (t.Amount is null)
        {
            problems.Add("amount is missing");
        }

        DateTimeOffset? time = EventTime(t);
        if (time is null)
        {
            problems.Add("none of datetime, authorized_datetime, date or authorized_date is a valid date");
        }

        if (problems.Count > 0)
        {
            problem = string.Join("; ", problems);
            return null;
        }

        problem = null;
        PlaidLocation? location = t.Location;
        return new TransactionEvent
        {
            TransactionId = t.TransactionId!,
            AccountId = t.AccountId!,
            EventTime = time!.Value,
            Amount = t.Amount!.Value,
            Currency = t.IsoCurrencyCode ?? t.UnofficialCurrencyCode ?? "USD",
            Merchant = MerchantOf(t),
            SourceCategory = t.PersonalFinanceCategory?.Primary ?? (t.Category is { Count: > 0 } c ? string.Join(" > ", c) : null),
            Source = TransactionSource.Plaid,
            Change = change,
            Pending = t.Pending,
            PendingTransactionId = t.PendingTransactionId,
            MerchantLocation = location is { Lat: double lat, Lon: double lon } ? new GeoPoint(lat, lon) : null,
        };
    }

    /// <summary>A removal carries only ids: it becomes an event that cancels the earlier one.</summary>
    public static TransactionEvent? TryMapRemoved(PlaidRemovedTransaction r, DateTimeOffset observedAt, out string? problem)
    {
        if (string.IsNullOrWhiteSpace(r.TransactionId))
        {
            problem = "removed entry has no transaction_id";
            return null;
        }

        problem = null;
        return new TransactionEvent
        {
            TransactionId = r.TransactionId,
            AccountId = r.AccountId ?? "",
            EventTime = observedAt,
            Amount = 0m,
            Merchant = "",
            Source = TransactionSource.Plaid,
            Change = ChangeKind.Removed,
        };
    }

    /// <summary>The merchant of a transaction Plaid names no merchant nor category for.</summary>
    public const string UnknownMerchant = "UNKNOWN_MERCHANT";

    /// <summary>The person a Plaid Item belongs to: every account of the Item is one customer (the privacy unit).</summary>
    public static CustomerIdentity PersonOfItem(string itemId) => new() { PersonId = "plaid-item:" + itemId };

    /// <summary>
    /// The person behind an Item: the linking user's own id when known (every Item of one person is then one
    /// customer, across institutions), else the Item.
    /// </summary>
    public static CustomerIdentity PersonOf(string itemId, string? personId) =>
        string.IsNullOrEmpty(personId) ? PersonOfItem(itemId) : new() { PersonId = "plaid-user:" + personId };

    /// <summary>
    /// Plaid's merchant (merchant_name), else a counterparty Plaid typed as a merchant or marketplace; never the raw
    /// `name` (a bank's description, which holds payee names in transfers and P2P payments: "Zelle to JANE DOE")
    /// nor a counterparty of another type (payment apps and people). Without one, Plaid's public category code
    /// stands in (a transaction needs a merchant to be valid), e.g. "TRANSFER_OUT_ACCOUNT_TRANSFER".
    /// </summary>
    private static string MerchantOf(PlaidTransaction t)
    {
        if (!string.IsNullOrWhiteSpace(t.MerchantName))
        {
            return t.MerchantName;
        }

        return t.Counterparties?.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c.Name)
            && (string.Equals(c.Type, "merchant", StringComparison.OrdinalIgnoreCase) || string.Equals(c.Type, "marketplace", StringComparison.OrdinalIgnoreCase)))?.Name
            ?? t.PersonalFinanceCategory?.Detailed ?? t.PersonalFinanceCategory?.Primary ?? UnknownMerchant;
    }

    private static DateTimeOffset? EventTime(PlaidTransaction t)
    {
        foreach (string? candidate in new[] { t.Datetime, t.AuthorizedDatetime })
        {
            if (candidate is not null && DateTimeOffset.TryParse(candidate, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset exact))
            {
                return exact;
            }
        }

        foreach (string? candidate in new[] { t.Date, t.AuthorizedDate })
        {
            if (candidate is not null && DateOnly.TryParseExact(candidate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly day))
            {
                // Plaid gives only the day here; noon keeps it on the same calendar day in US time zones.
                return new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
            }
        }

        return null;
    }
}
