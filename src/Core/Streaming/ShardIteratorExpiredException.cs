namespace StreamGuard.Core.Streaming;

/// <summary>
/// A shard iterator was used after its lifetime (Kinesis: five minutes after it was issued). Nothing was read: the
/// consumer gets a new iterator from the last record it took (<see cref="IStreamConsumer"/>).
/// </summary>
public sealed class ShardIteratorExpiredException : Exception
{
    public ShardIteratorExpiredException()
    {
    }

    public ShardIteratorExpiredException(string message)
        : base(message)
    {
    }

    public ShardIteratorExpiredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
