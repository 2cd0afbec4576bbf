namespace StreamGuard.Producer.Plaid;

/// <summary>Values of <see cref="PlaidCommonOptions"/>.</summary>
internal sealed record PlaidCommonSettings(string? Environment, Uri? BaseUrl, string? StateDirectory);
