using System.ComponentModel.DataAnnotations;
using StreamGuard.Core.Settings;

namespace StreamGuard.Plaid;

/// <summary>
/// Settings of the Plaid client, bound from the "Plaid" configuration section. The credentials
/// come from the environment only (<see cref="ClientIdVariable"/>, <see cref="SecretVariable"/>).
/// </summary>
public sealed class PlaidOptions
{
    public const string SectionName = "Plaid";
    public const string ClientIdVariable = "PLAID_CLIENT_ID";
    public const string SecretVariable = "PLAID_SECRET";
    public const string Sandbox = "sandbox";
    public const string Production = "production";

    /// <summary>"sandbox" or "production"; picks the base URL unless <see cref="BaseUrl"/> is set.</summary>
    public string Environment { get; set; } = Sandbox;

    /// <summary>Overrides the environment's base URL (a local fake server in tests).</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>Set from <see cref="ClientIdVariable"/>; never bound from configuration files.</summary>
    [Required(ErrorMessage = "PLAID_CLIENT_ID is not set: export your Plaid client id (Plaid dashboard, Developers > Keys).")]
    public string? ClientId { get; set; }

    /// <summary>Set from <see cref="SecretVariable"/>; never bound from configuration files, never logged.</summary>
    [Required(ErrorMessage = "PLAID_SECRET is not set: export the Plaid secret of the chosen environment.")]
    public string? Secret { get; set; }

    [TimeSpanRange("00:00:00", MinimumIsExclusive = true, ErrorMessage = "Plaid:RequestTimeout must be positive (got {0}).")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after a 429, a 5xx or a network failure (so MaxRetries + 1 attempts at most).</summary>
    [SettingRange(0, 10, ErrorMessage = "Plaid:MaxRetries must be between 0 and 10, got {3}.")]
    public int MaxRetries { get; set; } = 4;

    [TimeSpanRange("00:00:00", ErrorMessage = "Plaid:RetryBaseDelay must not be negative, got {0}.")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The count sent to /transactions/sync (Plaid allows 1 to 500).</summary>
    [SettingRange(1, 500, ErrorMessage = "Plaid:SyncPageSize must be between 1 and 500 (Plaid's limit), got {3}.")]
    public int SyncPageSize { get; set; } = 500;

    /// <summary>How often a sync round restarts after TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION before giving up.</summary>
    [SettingRange(0, int.MaxValue, ErrorMessage = "Plaid:MaxMutationRestarts must not be negative, got {3}.")]
    public int MaxMutationRestarts { get; set; } = 5;

    /// <summary>A round is buffered until its last page; past this many changes it fails rather than growing without bound.</summary>
    public int MaxChangesPerRound { get; set; } = 200_000;

    /// <summary>True when the configuration itself carried ClientId or Secret, which the validator rejects.</summary>
    internal bool CredentialsInConfiguration { get; set; }

    /// <summary>The base URL requests go to, ending with a slash so relative endpoint paths append.</summary>
    public Uri ResolveBaseUrl()
    {
        Uri url = BaseUrl ?? (string.Equals(Environment, Production, StringComparison.OrdinalIgnoreCase)
            ? new Uri("https://production.plaid.com/")
            : new Uri("https://sandbox.plaid.com/"));
        return url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
    }
}
