using System.Text.Json.Serialization;

namespace StreamGuard.Processor.Commands.Inspect;

/// <summary>What a data folder holds, as <c>inspect --json</c> prints it (field names are a contract).</summary>
public sealed record DataFolderReport
{
    public required string DataDir { get; init; }

    public required bool DatabaseExists { get; init; }

    /// <summary>Rows per table, for every table the database has (tables added later show up by themselves).</summary>
    public required IReadOnlyDictionary<string, long> Tables { get; init; }

    public required IReadOnlyList<SavedState> State { get; init; }

    /// <summary>privacy_meta: the pseudonym key id the folder was written under, and the like.</summary>
    public required IReadOnlyDictionary<string, string> Meta { get; init; }

    /// <summary>Rows of any table that records consumed inputs (name containing "input" or "source"), as the folder holds them.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyDictionary<string, string?>>> Inputs { get; init; }

    public required IReadOnlyList<ReasonCount> DeadLettersByReason { get; init; }

    public required IReadOnlyDictionary<string, long> AlertsByType { get; init; }

    /// <summary>Per window kind, whether the category windows add up to the transactions table.</summary>
    public required IReadOnlyList<WindowReconciliation> Windows { get; init; }

    public required PrivacySpent Privacy { get; init; }

    public required long DiskBytes { get; init; }

    public required IReadOnlyDictionary<string, long> DiskBytesByEntry { get; init; }
}

/// <summary>One saved-state row: what, how big, when.</summary>
public sealed record SavedState(string Name, long Bytes, DateTimeOffset SavedAt, double AgeSeconds);

/// <summary>Dead letters of one stage and reason.</summary>
public sealed record ReasonCount(string Stage, string Reason, long Count);

/// <summary>The category windows of one kind against the transactions table.</summary>
public sealed record WindowReconciliation(string Window, long WindowTransactions, decimal WindowAmount, long Transactions, decimal Amount)
{
    public bool Reconciled => WindowTransactions == Transactions && Math.Abs(WindowAmount - Amount) < 0.01m * Math.Max(1, Transactions);
}

/// <summary>The differential-privacy budget recorded in privacy-ledger.jsonl.</summary>
public sealed record PrivacySpent(bool LedgerExists, long Entries, long Releases, double EpsilonSpent, DateTimeOffset? LastRelease)
{
    /// <summary>The k-anonymity check over the stored transactions' published quasi-identifiers (null without a transactions table).</summary>
    public StreamGuard.Privacy.KAnonymityReport? KAnonymity { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = false)]
[JsonSerializable(typeof(DataFolderReport))]
internal sealed partial class InspectJsonContext : JsonSerializerContext;
