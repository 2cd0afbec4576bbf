namespace StreamGuard.Core.Streaming;

/// <summary>Compares Kinesis sequence numbers: decimal strings of any length, without leading zeros.</summary>
public static class SequenceNumbers
{
    public static int Compare(string a, string b) =>
        a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b);
}
