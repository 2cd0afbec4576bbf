using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using StreamGuard.Core.Streaming.Embedded;
using StreamGuard.Insight;
using StreamGuard.Pipeline;
using StreamGuard.Privacy;
using StreamGuard.Pipeline.State;

namespace StreamGuard.Runtime.Hosting;

/// <summary>All settings, bound from the "StreamGuard" configuration section (appsettings.json, STREAMGUARD__* environment variables, command line).</summary>
public sealed partial class StreamGuardOptions
{
    public const string Section = "StreamGuard";

    /// <summary>Where embedded mode keeps its database, key and output folders.</summary>
    [Required(ErrorMessage = "StreamGuard:DataDir must name a folder.")]
    public string DataDir { get; set; } = ".streamguard";

    [ValidateObjectMembers]
    public EmbeddedStreamOptions Stream { get; set; } = new();

    [ValidateObjectMembers]
    public PipelineOptions Pipeline { get; set; } = new();

    // Checked by PrivacyOptionsValidator in Validate (StreamGuardOptions.Rules.cs), not nested here: the generator would
    // emit its own __DifferentialPrivacyOptionsValidator__ beside the one StreamGuard.Privacy already has (CS0436).
#pragma warning disable SYSLIB1212 // Deliberate: validated in StreamGuardOptions.Rules.cs.
    public PrivacyOptions Privacy { get; set; } = new();
#pragma warning restore SYSLIB1212

    /// <summary>How often learned state (scorer, windows, budgets, segments, categoriser) is saved with the stream positions.</summary>
    [ValidateObjectMembers]
    public StateCheckpointOptions State { get; set; } = new();

    public InsightOptions Insight { get; set; } = new();

    /// <summary>The online fraud scorer: alert budget, label delay, seed, state bounds.</summary>
    /// <remarks>Checked by ScoringOptionsValidator in Validate (StreamGuardOptions.Rules.cs): its rules beside the annotations would be skipped if nested.</remarks>
#pragma warning disable SYSLIB1212 // Deliberate: validated in StreamGuardOptions.Rules.cs.
    public Scoring.ScoringOptions Scoring { get; set; } = new();
#pragma warning restore SYSLIB1212
}
