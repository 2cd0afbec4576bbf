namespace StreamGuard.Core.Streaming;

/// <summary>Kinesis's documented limits, which the embedded stream enforces too.</summary>
public static class StreamLimits
{
    public const int MaxRecordsPerPut = 500;
    public const int MaxBytesPerPut = 5 * 1024 * 1024;
    public const int MaxBytesPerRecord = 1024 * 1024;
    public const int MaxPartitionKeyLength = 256;
    public const int MaxRecordsPerGet = 10_000;
}
