using Microsoft.Extensions.Logging;

namespace StreamGuard.Plaid;

public sealed partial class PlaidClient
{
    // Only endpoints, statuses and Plaid's codes are logged: bodies carry the secret and access tokens.
    private static partial class Log
    {
        [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Plaid {Endpoint} answered {Status}; retry {Attempt} in {DelayMs:F0} ms")]
        public static partial void Retrying(ILogger logger, string endpoint, int status, int attempt, double delayMs);

        [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "Plaid {Endpoint} gave no response ({Reason}); retry {Attempt} in {DelayMs:F0} ms")]
        public static partial void RetryingWithoutResponse(ILogger logger, string endpoint, string reason, int attempt, double delayMs);

        [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "Plaid {Endpoint} failed: {ErrorType}/{ErrorCode} (HTTP {Status}, request {RequestId})")]
        public static partial void CallFailed(ILogger logger, string endpoint, string? errorType, string? errorCode, int status, string? requestId);
    }
}
