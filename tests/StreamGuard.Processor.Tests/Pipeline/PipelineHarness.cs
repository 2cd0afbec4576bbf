using StreamGuard.Processor.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using StreamGuard.Core.Streaming;
using StreamGuard.Core.Streaming.Embedded;
using StreamGuard.Runtime.Hosting;
using StreamGuard.Pipeline;
using StreamGuard.Privacy;
using StreamGuard.Scoring;
using StreamGuard.Runtime.Sinks;
using StreamGuard.Runtime.Composition;

namespace StreamGuard.Processor.Tests.Pipeline;

/// <summary>The real stage chain over an embedded stream, with test sinks and an in-memory checkpoint store.</summary>
internal sealed class PipelineHarness
{
    /// <summary>The harness's pseudonymizer (a fixed test key): outputs carry its keyed transaction ids.</summary>
    public static Pseudonymizer Keys { get; } = new(PseudonymKey.FromBase64(Convert.ToBase64String(new byte[32]), "test"));

    public PipelineHarness(int shards = 1, int recordsPerRead = 100, int channelCapacity = 1, params IBatchSink[] sinks)
    {
        Stream = new EmbeddedStream(new EmbeddedStreamOptions { ShardCount = shards, ShardCapacity = 100_000 });
        Consumer = new CountingConsumer(Stream);
        Options = new PipelineOptions { RecordsPerRead = recordsPerRead, ChannelCapacity = channelCapacity, IdlePollInterval = TimeSpan.FromMilliseconds(5) };
        Feed = new AllShardsFeed(Consumer, Checkpoints, Options, TimeProvider.System, NullLogger.Instance);
        var options = new StreamGuardOptions { Pipeline = Options };
        var anonymizer = new TransactionAnonymizer(Keys, options.Privacy);
        Pipeline = new ProcessingPipeline(StageChain.Build(options, TimeProvider.System, anonymizer, new OnlineFraudScorer(new ScoringOptions())), sinks, Checkpoints, Options, new PipelineCounters(), NullLogger.Instance);
    }

    public EmbeddedStream Stream { get; }

    public CountingConsumer Consumer { get; }

    public MemoryCheckpointStore Checkpoints { get; } = new();

    public PipelineOptions Options { get; }

    public AllShardsFeed Feed { get; }

    public ProcessingPipeline Pipeline { get; }

    public Task RunAsync(CancellationToken cancellationToken = default) => Pipeline.RunAsync(Feed.RunAsync, cancellationToken);
}
