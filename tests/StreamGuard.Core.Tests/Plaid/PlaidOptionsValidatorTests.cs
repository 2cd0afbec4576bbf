using Microsoft.Extensions.Options;
using StreamGuard.Plaid;

namespace StreamGuard.Core.Tests.Plaid;

public sealed class PlaidOptionsValidatorTests
{
    [Fact]
    public void Validate_CompleteSandboxOptions_Succeeds()
    {
        ValidateOptionsResult result = new PlaidOptionsValidator().Validate(null, new PlaidOptions { ClientId = "id", Secret = "s" });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_ManyProblems_ReportsEveryOneNamingItsSetting()
    {
        var options = new PlaidOptions
        {
            Environment = "development",
            BaseUrl = new Uri("ftp://example.test/"),
            MaxRetries = 11,
            SyncPageSize = 501,
            RequestTimeout = TimeSpan.Zero,
        };

        ValidateOptionsResult result = new PlaidOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        List<string> failures = [.. result.Failures!];
        Assert.Contains(failures, f => f.StartsWith("PLAID_CLIENT_ID is not set", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("PLAID_SECRET is not set", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Plaid:Environment must be 'sandbox' or 'production', got 'development'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Plaid:BaseUrl must be an absolute http(s) URL", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Plaid:MaxRetries", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Plaid:SyncPageSize must be between 1 and 500", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Plaid:RequestTimeout", StringComparison.Ordinal));
        Assert.Equal(7, failures.Count);
    }

    [Theory]
    [InlineData(-1, 20_000, 500, 200_000, "Plaid:RetryBaseDelay must not be negative, got -00:00:00.0010000.")]
    [InlineData(30_000, 20_000, 500, 200_000, "Plaid:RetryBaseDelay must be no greater than Plaid:RetryMaxDelay (00:00:20), got 00:00:30.")]
    [InlineData(500, 20_000, 500, 100, "Plaid:MaxChangesPerRound must be at least Plaid:SyncPageSize (500), got 100.")]
    [InlineData(500, 20_000, 0, 200_000, "Plaid:SyncPageSize must be between 1 and 500 (Plaid's limit), got 0.")]
    public void Validate_OneBadSetting_ReportsOnlyItWithoutMemberPrefix(int baseDelayMs, int maxDelayMs, int pageSize, int maxChanges, string expected)
    {
        var options = new PlaidOptions
        {
            ClientId = "id",
            Secret = "s",
            RetryBaseDelay = TimeSpan.FromMilliseconds(baseDelayMs),
            RetryMaxDelay = TimeSpan.FromMilliseconds(maxDelayMs),
            SyncPageSize = pageSize,
            MaxChangesPerRound = maxChanges,
        };

        ValidateOptionsResult result = new PlaidOptionsValidator().Validate(null, options);

        Assert.Equal([expected], result.Failures!);
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("")]
    public void Validate_BlankCredentials_ReportsTheEnvironmentVariables(string blank)
    {
        ValidateOptionsResult result = new PlaidOptionsValidator().Validate(null, new PlaidOptions { ClientId = blank, Secret = blank });

        Assert.Equal(
            ["PLAID_CLIENT_ID is not set: export your Plaid client id (Plaid dashboard, Developers > Keys).", "PLAID_SECRET is not set: export the Plaid secret of the chosen environment."],
            result.Failures!);
    }

    [Fact]
    public void Validate_NoProblem_NeverEchoesTheSecret()
    {
        var options = new PlaidOptions { ClientId = "id", Secret = "super-secret-value", Environment = "nope" };

        ValidateOptionsResult result = new PlaidOptionsValidator().Validate(null, options);

        Assert.DoesNotContain("super-secret-value", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sandbox", null, "https://sandbox.plaid.com/")]
    [InlineData("Production", null, "https://production.plaid.com/")]
    [InlineData("sandbox", "http://127.0.0.1:5555", "http://127.0.0.1:5555/")]
    [InlineData("production", "http://127.0.0.1:5555/plaid", "http://127.0.0.1:5555/plaid/")]
    public void ResolveBaseUrl_EnvironmentOrOverride_EndsWithSlash(string environment, string? baseUrl, string expected)
    {
        var options = new PlaidOptions { Environment = environment, BaseUrl = baseUrl is null ? null : new Uri(baseUrl) };

        Assert.Equal(expected, options.ResolveBaseUrl().AbsoluteUri);
    }
}
