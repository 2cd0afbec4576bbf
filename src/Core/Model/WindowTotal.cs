namespace StreamGuard.Core.Model;

/// <summary>
/// A change to one aggregate window: spending per key (a category, or a customer) in a
/// tumbling event-time window. Sinks add it to what they hold.
/// </summary>
public sealed record WindowTotal(string Window, DateTimeOffset Start, string KeyKind, string Key, long Count, decimal Amount);

/// <summary>What a window is keyed by.</summary>
public static class WindowKeyKinds
{
    public const string Category = "category";
    public const string Customer = "customer";
}

/// <summary>Window sizes the window stage keeps.</summary>
public static class WindowNames
{
    public const string Minute = "minute";
    public const string Hour = "hour";
    public const string Day = "day";
    public const string Month = "month";
}
