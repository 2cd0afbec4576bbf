using StreamGuard.Core.Model;

namespace StreamGuard.Core.Streaming;

/// <summary>
/// The stream partition key of an event: its privacy unit, the person. Plaid events carry the person
/// (the linking user's id, or the Item when none was given) so every account of one person lands on one
/// shard; Sparkov has one card per cardholder, so the card is the person. With all of a person's records
/// on one shard, each shard's per-customer clamp of the DP report is the per-person clamp of the fleet.
/// </summary>
public static class PrivacyUnitKey
{
    public static string Of(TransactionEvent e) =>
        e.Customer?.PersonId is { Length: > 0 } person ? person : e.AccountId;
}
