using System.Net;

namespace StreamGuard.Aws;

/// <summary>The resource is busy (e.g. being created, or already exists).</summary>
public sealed class ResourceInUseException : AwsServiceException
{
    public ResourceInUseException()
    {
    }

    public ResourceInUseException(string message)
        : base(message)
    {
    }

    public ResourceInUseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ResourceInUseException(string service, string errorCode, string message, HttpStatusCode statusCode, AwsErrorType errorType, string? requestId)
        : base(service, errorCode, message, statusCode, errorType, requestId)
    {
    }
}
