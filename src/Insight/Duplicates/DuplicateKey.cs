namespace StreamGuard.Insight.Duplicates;

/// <summary>What two charges must share to be suspected duplicates.</summary>
internal readonly record struct DuplicateKey(string CardId, string Merchant, decimal Amount);
