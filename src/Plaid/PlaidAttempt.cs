namespace StreamGuard.Plaid;

/// <summary>One HTTP attempt at a Plaid endpoint: the response, or the network failure that left none, and how long it took.</summary>
internal sealed record PlaidAttempt(HttpResponseMessage? Response, Exception? Failure, double Milliseconds);
