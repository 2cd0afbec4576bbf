namespace StreamGuard.Core.Model;

/// <summary>Something a person should look at, with the reasons in plain words.</summary>
public sealed record Alert
{
    public required string AlertId { get; init; }

    /// <summary>One of <see cref="AlertTypes"/>; subscribers filter on it.</summary>
    public required string Type { get; init; }

    /// <summary>"low", "medium" or "high".</summary>
    public required string Severity { get; init; }

    public required DateTimeOffset EventTime { get; init; }
    public string? TransactionId { get; init; }
    public string? CustomerId { get; init; }
    public string? CardId { get; init; }
    public string? Category { get; init; }
    public decimal? Amount { get; init; }
    public double? Score { get; init; }
    public required string Message { get; init; }
    public IReadOnlyList<string> Reasons { get; init; } = [];

    /// <summary>The fraud model that scored the transaction ("online" for the unsupervised score alone); null for other alert types.</summary>
    public string? ModelVersion { get; init; }
}

/// <summary>The alert types StreamGuard raises.</summary>
public static class AlertTypes
{
    public const string FraudSuspected = "fraud_suspected";
    public const string BudgetThreshold = "budget_threshold";
    public const string DuplicateSuspected = "duplicate_suspected";
}
