namespace StreamGuard.Plaid;

/// <summary>/sandbox/public_token/create: links a test institution without the Link front end (sandbox only).</summary>
public sealed record SandboxPublicTokenCreateRequest
{
    /// <summary>A sandbox institution, e.g. ins_109508 (First Platypus Bank).</summary>
    public required string InstitutionId { get; init; }

    public IReadOnlyList<string> InitialProducts { get; init; } = ["transactions"];

    public SandboxPublicTokenCreateOptions? Options { get; init; }
}
