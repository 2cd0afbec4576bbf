namespace StreamGuard.Plaid;

/// <summary>The token encryption key is missing or wrong, or a stored token cannot be decrypted.</summary>
public sealed class PlaidTokenKeyException : Exception
{
    public PlaidTokenKeyException(string message) : base(message) { }

    public PlaidTokenKeyException(string message, Exception inner) : base(message, inner) { }

    public PlaidTokenKeyException() { }
}
