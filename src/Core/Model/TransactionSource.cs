namespace StreamGuard.Core.Model;

/// <summary>Which input format a transaction came from.</summary>
public enum TransactionSource
{
    Unknown = 0,
    Sparkov,
    Plaid,
}
