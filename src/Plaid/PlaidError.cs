using System.Text.Json.Serialization;

namespace StreamGuard.Plaid;

/// <summary>
/// An error Plaid returned (its error object plus the HTTP status), or one the client made for a
/// failure that never reached Plaid (network, unreadable response). Types and codes stay strings
/// so codes Plaid adds later still parse.
/// </summary>
public sealed record PlaidError
{
    public string? ErrorType { get; init; }

    public string? ErrorCode { get; init; }

    public string? ErrorMessage { get; init; }

    /// <summary>A message Plaid deems fit to show the end user, when it gives one.</summary>
    public string? DisplayMessage { get; init; }

    public string? RequestId { get; init; }

    /// <summary>The HTTP status of the response; 0 when no response arrived.</summary>
    [JsonIgnore]
    public int HttpStatus { get; init; }

    public bool IsRateLimit => HttpStatus == 429 || ErrorType == PlaidErrorCodes.RateLimitExceededType;

    public override string ToString() =>
        $"Plaid error {ErrorType}/{ErrorCode} (HTTP {HttpStatus}, request {RequestId ?? "-"}): {ErrorMessage}";
}
