using System.Net;

namespace StreamGuard.Aws;

/// <summary>The named stream, table, topic or other resource does not exist.</summary>
public sealed class ResourceNotFoundException : AwsServiceException
{
    public ResourceNotFoundException()
    {
    }

    public ResourceNotFoundException(string message)
        : base(message)
    {
    }

    public ResourceNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ResourceNotFoundException(string service, string errorCode, string message, HttpStatusCode statusCode, AwsErrorType errorType, string? requestId)
        : base(service, errorCode, message, statusCode, errorType, requestId)
    {
    }
}
