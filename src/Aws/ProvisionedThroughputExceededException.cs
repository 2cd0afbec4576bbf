using System.Net;

namespace StreamGuard.Aws;

/// <summary>The request rate exceeds what the shard or table can take; retried with backoff before it surfaces.</summary>
public sealed class ProvisionedThroughputExceededException : AwsServiceException
{
    public ProvisionedThroughputExceededException()
    {
    }

    public ProvisionedThroughputExceededException(string message)
        : base(message)
    {
    }

    public ProvisionedThroughputExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ProvisionedThroughputExceededException(string service, string errorCode, string message, HttpStatusCode statusCode, AwsErrorType errorType, string? requestId)
        : base(service, errorCode, message, statusCode, errorType, requestId)
    {
    }
}
