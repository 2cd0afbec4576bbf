using StreamGuard.Core.Cli;
using StreamGuard.Runtime.Hosting;
using StreamGuard.Pipeline;

namespace StreamGuard.Processor.Commands.Terminal;

/// <summary>
/// Samples an embedded run for <see cref="ProgressDisplay"/>: records handled (processed or
/// dead-lettered) of the input's rows, the windows' watermark as the event-time position, losses and alerts.
/// </summary>
internal sealed class RunProgress
{
    private volatile EmbeddedPipeline? _pipeline;

    public RunProgress(long? total) => Total = total;

    public long? Total { get; }

    /// <summary>Pass as EmbeddedRun's <c>started</c> callback.</summary>
    public void Attach(EmbeddedPipeline pipeline) => _pipeline = pipeline;

    public ProgressSnapshot Sample()
    {
        if (_pipeline is not { } pipeline)
        {
            return new ProgressSnapshot(0, Total);
        }

        PipelineCounters counters = pipeline.Pipeline.Counters;
        DateTimeOffset watermark = pipeline.Insight.Windows.Aggregator.Watermark;
        return new ProgressSnapshot(
            counters.Processed + counters.DeadLettered,
            Total,
            watermark > DateTimeOffset.MinValue ? watermark : null,
            counters.DeadLettered,
            counters.Alerts);
    }
}
