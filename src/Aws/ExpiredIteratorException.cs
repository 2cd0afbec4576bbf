using System.Net;

namespace StreamGuard.Aws;

/// <summary>A shard iterator expired (5 minutes after it was issued): get a new one from the last sequence number.</summary>
public sealed class ExpiredIteratorException : AwsServiceException
{
    public ExpiredIteratorException()
    {
    }

    public ExpiredIteratorException(string message)
        : base(message)
    {
    }

    public ExpiredIteratorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ExpiredIteratorException(string service, string errorCode, string message, HttpStatusCode statusCode, AwsErrorType errorType, string? requestId)
        : base(service, errorCode, message, statusCode, errorType, requestId)
    {
    }
}
