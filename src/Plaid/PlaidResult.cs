namespace StreamGuard.Plaid;

/// <summary>Builds <see cref="PlaidResult{T}"/> values.</summary>
public static class PlaidResult
{
    public static PlaidResult<T> Success<T>(T value)
        where T : class => new(value, null);

    public static PlaidResult<T> Failure<T>(PlaidError error)
        where T : class => new(null, error);
}
