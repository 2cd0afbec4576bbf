namespace StreamGuard.Plaid.Sync;

/// <summary>A sync round's events could not all be put to the stream; its cursor was therefore not saved.</summary>
internal sealed class PlaidDeliveryException : Exception
{
    public PlaidDeliveryException(string message) : base(message) { }

    public PlaidDeliveryException(string message, Exception inner) : base(message, inner) { }

    public PlaidDeliveryException() { }
}
