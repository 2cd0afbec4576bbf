namespace StreamGuard.Core.Model;

/// <summary>
/// A change to one aggregate window: spending per key (a category, or a customer) in a
/// tumbling event-time window. Sinks add it to what they hold.
/// </summary>
public sealed record WindowTotal(string Window, DateTimeOffset Start, string KeyKind, string Key, long Count, decimal Amount);

/// <summary>Window sizes the aggregate stage keeps.</summary>
public static class WindowNames
{
    public const string Minute = "minute";
    public const string Hour = "hour";
    public const string Day = "day";
    public const string Month = "month";
}
