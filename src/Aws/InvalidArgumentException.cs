using System.Net;

namespace StreamGuard.Aws;

/// <summary>The request was rejected as malformed or out of range; retrying will not help.</summary>
public sealed class InvalidArgumentException : AwsServiceException
{
    public InvalidArgumentException()
    {
    }

    public InvalidArgumentException(string message)
        : base(message)
    {
    }

    public InvalidArgumentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public InvalidArgumentException(string service, string errorCode, string message, HttpStatusCode statusCode, AwsErrorType errorType, string? requestId)
        : base(service, errorCode, message, statusCode, errorType, requestId)
    {
    }
}
