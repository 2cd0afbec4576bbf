namespace StreamGuard.Plaid;

/// <summary>Plaid error types and codes the client acts on, and the ones it makes itself.</summary>
public static class PlaidErrorCodes
{
    public const string RateLimitExceededType = "RATE_LIMIT_EXCEEDED";
    public const string TransactionsSyncMutationDuringPagination = "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION";

    /// <summary>Made by the client: no response arrived (network failure or timeout) after all retries.</summary>
    public const string ClientNetworkErrorType = "CLIENT_NETWORK_ERROR";

    /// <summary>Made by the client: a response arrived but its body is not what Plaid documents.</summary>
    public const string ClientInvalidResponseType = "CLIENT_INVALID_RESPONSE";

    /// <summary>Made by the syncer: a round held more changes than PlaidOptions.MaxChangesPerRound.</summary>
    public const string ClientRoundTooLargeType = "CLIENT_ROUND_TOO_LARGE";

    /// <summary>Made by the syncer: the mutation error repeated more often than PlaidOptions.MaxMutationRestarts.</summary>
    public const string ClientTooManyRestartsType = "CLIENT_TOO_MANY_RESTARTS";
}
