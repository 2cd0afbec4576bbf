namespace StreamGuard.Runtime.Sinks.Feeds;

/// <summary>The NDJSON outputs, named as their top folder (local) or key prefix (S3).</summary>
public static class FeedOutputs
{
    /// <summary>Privacy-safe enriched transactions.</summary>
    public const string Archive = "archive";

    /// <summary>Differentially private releases of closed windows (what QuickSight reads).</summary>
    public const string Report = "report";

    public const string Alerts = "alerts";

    /// <summary>Records that missed closed windows.</summary>
    public const string LateEvents = "late-events";

    /// <summary>Input that could not be processed, with the reason and its payload sealed.</summary>
    public const string DeadLetters = "dead-letters";

    /// <summary>Where each customer stands against a category budget after each batch.</summary>
    public const string Budgets = "budgets";

    /// <summary>Each customer's segment as of each batch.</summary>
    public const string Segments = "segments";

    /// <summary>The duplicate_suspected alerts alone (they are in <see cref="Alerts"/> too).</summary>
    public const string Duplicates = "duplicates";

    /// <summary>Every output, e.g. for `run --reset`.</summary>
    public static IReadOnlyList<string> All { get; } = [Archive, Report, Alerts, LateEvents, DeadLetters, Budgets, Segments, Duplicates];
}
