namespace StreamGuard.Plaid;

/// <summary>/transactions/refresh's answer (only a request id; the changes arrive through sync).</summary>
public sealed record TransactionsRefreshResponse(string? RequestId);
