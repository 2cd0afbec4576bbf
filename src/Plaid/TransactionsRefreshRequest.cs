namespace StreamGuard.Plaid;

/// <summary>/transactions/refresh: asks Plaid to fetch new transactions from the bank now.</summary>
public sealed record TransactionsRefreshRequest(string AccessToken)
{
    public override string ToString() => "TransactionsRefreshRequest";
}
