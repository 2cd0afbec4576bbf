using StreamGuard.Core.Streaming.Embedded;
using StreamGuard.Insight;
using StreamGuard.Pipeline;
using StreamGuard.Privacy;
using StreamGuard.Pipeline.State;

namespace StreamGuard.Runtime.Hosting;

/// <summary>All settings, bound from the "StreamGuard" configuration section (appsettings.json, STREAMGUARD__* environment variables, command line).</summary>
public sealed class StreamGuardOptions
{
    public const string Section = "StreamGuard";

    /// <summary>Where embedded mode keeps its database, key and output folders.</summary>
    public string DataDir { get; set; } = ".streamguard";

    public EmbeddedStreamOptions Stream { get; set; } = new();

    public PipelineOptions Pipeline { get; set; } = new();

    public PrivacyOptions Privacy { get; set; } = new();

    /// <summary>How often learned state (scorer, windows, budgets, segments, categoriser) is saved with the stream positions.</summary>
    public StateCheckpointOptions State { get; set; } = new();

    public InsightOptions Insight { get; set; } = new();

    /// <summary>The online fraud scorer: alert budget, label delay, seed, state bounds.</summary>
    public Scoring.ScoringOptions Scoring { get; set; } = new();
}
