using System.Diagnostics.CodeAnalysis;

namespace StreamGuard.Plaid;

/// <summary>The outcome of a Plaid call: the response, or the typed error instead of an exception.</summary>
public sealed class PlaidResult<T>
    where T : class
{
    internal PlaidResult(T? value, PlaidError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public PlaidError? Error { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;
}
