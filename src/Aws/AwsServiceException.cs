using System.Net;

namespace StreamGuard.Aws;

/// <summary>An error answer from an AWS service, with its error code and whether a retry may succeed.</summary>
public class AwsServiceException : Exception
{
    private static readonly HashSet<string> s_throttlingCodes = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "ProvisionedThroughputExceededException", "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException",
        "RequestThrottled", "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException", "KMSThrottlingException",
        "TransactionInProgressException",
    };

    private static readonly HashSet<string> s_transientCodes = new(StringComparer.Ordinal)
    {
        "InternalFailure", "InternalError", "InternalServerError", "InternalErrorException", "ServiceUnavailable",
        "ServiceUnavailableException", "RequestTimeout", "RequestTimeoutException",
    };

    public AwsServiceException()
        : this("unknown", "Unknown", "AWS service error.", HttpStatusCode.InternalServerError, AwsErrorType.Unknown, null)
    {
    }

    public AwsServiceException(string message)
        : this("unknown", "Unknown", message, HttpStatusCode.InternalServerError, AwsErrorType.Unknown, null)
    {
    }

    public AwsServiceException(string message, Exception innerException)
        : base(message, innerException)
    {
        Service = "unknown";
        ErrorCode = "Unknown";
    }

    public AwsServiceException(string service, string errorCode, string message, HttpStatusCode statusCode, AwsErrorType errorType, string? requestId)
        : base($"{service} {errorCode} ({(int)statusCode}): {message}")
    {
        Service = service;
        ErrorCode = errorCode;
        StatusCode = statusCode;
        ErrorType = errorType;
        RequestId = requestId;
    }

    public string Service { get; }

    /// <summary>The service's error code, e.g. <c>ResourceNotFoundException</c> or <c>NotFound</c>.</summary>
    public string ErrorCode { get; }

    public HttpStatusCode StatusCode { get; }

    public AwsErrorType ErrorType { get; }

    public string? RequestId { get; }

    public bool IsThrottling => s_throttlingCodes.Contains(ErrorCode) || StatusCode == HttpStatusCode.TooManyRequests;

    /// <summary>Throttling and server-side (5xx) errors may succeed on a later attempt; client errors will not.</summary>
    public bool IsRetryable => IsThrottling || s_transientCodes.Contains(ErrorCode) || (int)StatusCode >= 500;
}
