using Amazon.DynamoDBv2;
using Amazon.S3;
using Microsoft.Extensions.Logging;
using StreamGuard.Aws;
using StreamGuard.Core.Streaming;
using StreamGuard.Aws.Firehose;
using StreamGuard.Aws.Kinesis;
using StreamGuard.Aws.Sns;
using StreamGuard.Runtime.Composition;
using StreamGuard.Insight;
using StreamGuard.Runtime.Leases;
using StreamGuard.Pipeline;
using StreamGuard.Privacy;
using StreamGuard.Privacy.Differential;
using StreamGuard.Scoring;
using StreamGuard.Runtime.Sinks;
using StreamGuard.Runtime.Sinks.Aws;
using StreamGuard.Runtime.Sinks.Feeds;
using StreamGuard.Runtime.Sinks.Live;
using StreamGuard.Pipeline.State;
using StreamGuard.Insight.Windows;

namespace StreamGuard.Runtime.Hosting;

/// <summary>
/// aws mode put together: a Kinesis stream shared through DynamoDB leases feeds the same stage chain
/// as embedded mode (<see cref="StageChain"/>); the sinks are S3, DynamoDB, the report
/// feed and SNS. Only the edges differ from embedded mode.
/// </summary>
public sealed class AwsWorker : IAsyncDisposable
{
    private static readonly TimeSpan s_setupTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan s_minimumIdlePoll = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan s_verdictPoll = TimeSpan.FromSeconds(5);
    private readonly AwsWorkerOptions _aws;
    private readonly List<IBatchSink> _sinks;
    private readonly AmazonDynamoDBClient _dynamo;
    private readonly AmazonS3Client _s3;
    private readonly LabelInbox _sharedLabels;
    private readonly List<FraudLabel> _drainedLabels = [];
    private IAsyncDisposable? _container;
    private int _disposed;

    /// <summary>Built by the container (<see cref="AwsEdgeServices.AddAwsEdges(Microsoft.Extensions.DependencyInjection.IServiceCollection, AwsEdgeSettings)"/>); outside a host use <see cref="AwsEdgeServices.Create"/>.</summary>
    public AwsWorker(StreamGuardOptions options, AwsEdgeSettings edge, PseudonymKeyRing keys, StageChain chain, TransactionAnonymizer anonymizer, ScoringMetrics scoring, PipelineCounters counters, INoiseSource noise, TimeProvider time, ILoggerFactory loggers)
    {
        AwsWorkerOptions aws = edge.Aws;
        AwsClientContext context = edge.Context;
        _aws = aws;
        Key = keys.Current;
        Kinesis = new KinesisClient(context, aws.StreamName);
        _dynamo = AwsSdkClients.DynamoDb(context);
        _s3 = AwsSdkClients.S3(context);
        ILogger logger = loggers.CreateLogger("StreamGuard.Processor.Aws");
        string initial = options.Pipeline.InitialPosition == IteratorPosition.Latest ? LeaseCheckpoints.Latest : LeaseCheckpoints.TrimHorizon;
        Coordinator = new LeaseCoordinator(new LeaseTable(_dynamo, aws.Leases.TableName), Kinesis, aws.Leases, initial, time, logger);
        Checkpoints = new LeaseCheckpointStore(Coordinator, logger);
        // Learned state lives with its shard, not with this worker: one chain per owned lease (ShardTasks), each
        // saved under state/{stream}/shard/{shardId}/ and found through its lease, restored by whichever worker takes it.
        ShardStateStore? shardState = options.State.Interval > TimeSpan.Zero
            ? new ShardStateStore(_s3, aws.Sinks.ArchiveBucket, aws.StatePrefix, aws.StreamName, Coordinator.Table, aws.Leases.WorkerId)
            : null;
        _sharedLabels = chain.Labels;
        // Models learned from every card (priors, threshold, supervised model) are one versioned copy for the fleet, not one per shard.
        SharedModelStore = new S3SharedModelStore(_s3, _dynamo, aws.Sinks.ArchiveBucket, aws.StatePrefix, aws.StreamName, S3SharedModelStore.TableFor(aws.Leases.TableName));
        SharedModels = new SharedModelSync(SharedModelStore, aws.Leases.WorkerId, SharedModelPoll(options.State), time, logger);
        // The continual release feeds a dashboard only: without a live stream it would spend for nobody.
        bool continual = !string.IsNullOrWhiteSpace(aws.Sinks.LiveStreamName);
        Shards = new ShardTasks(() => NewShardChain(options, time, anonymizer, chain.Scorer, scoring, SharedModels, continual), Checkpoints, shardState, Coordinator.Holds, time, logger, options.State.RestoreOnStart, readsFromStart: options.Pipeline.InitialPosition != IteratorPosition.Latest)
        {
            SharedModels = SharedModels,
        };
        State = new StateCheckpointer(Shards, Shards, options.State, time, logger);
        Dynamo = new DynamoDbSink(_dynamo, aws.Sinks, txs => WindowAggregator.StatelessDeltas(options.Insight.Windows, txs), context.Metrics);
        FirehoseClient? firehose = string.IsNullOrWhiteSpace(aws.Sinks.FirehoseDeliveryStream) ? null : new FirehoseClient(context);
        // One release per window across the fleet: shards hand in partials, one worker claims, noises and pays (DynamoDB);
        // the drawing worker also records the release in the shared S3 ledger.
        var ledger = new PrivacyBudgetLedger(new S3PrivacyLedgerStore(_s3, aws.Sinks.ArchiveBucket, aws.Sinks.PrivacyLedgerPrefix));
        Releases = new DynamoDbReleaseCoordinator(_dynamo, aws.Sinks.ReleasesTable, aws.StreamName, Coordinator.Table, ledger, aws.Leases.WorkerId, time);
        // A quiet shard marked idle counts as passed for the fleet's releases, so it does not hold every window back.
        IdleShards = options.Privacy.Differential.Enabled ? new ShardIdleTracker(Kinesis, Releases, aws.Leases.IdleShardTimeout, time) : null;
        Feed = new LeaseFeed(Coordinator, Checkpoints, IdleShards ?? (IStreamConsumer)Kinesis, KinesisPolling(options.Pipeline), aws.Leases, time, logger, Shards, Shards);
        PrivateReport = new PrivateCategoryReport(options.Privacy.Differential, ledger, Releases, noise, time)
        {
            Continual = continual,
        };
        PopulationRefresher = continual ? new FleetPopulationRefresher(PrivateReport, time, logger) : null;
        _sinks = [Dynamo, FeedSinks.Create("feeds", AwsFeedWriters.For(_s3, firehose, aws.Sinks), new DeadLetterProtector(RequireSealingKey(options), Key), PrivateReport)];
        if (!string.IsNullOrWhiteSpace(aws.Sinks.AlertTopicArn))
        {
            _sinks.Add(new SnsAlertSink(new SnsClient(context), aws.Sinks.AlertTopicArn, new KAnonymityGate(options.Privacy.ReleaseMinClassSize)));
        }

        if (!string.IsNullOrWhiteSpace(aws.Sinks.LiveStreamName))
        {
            // The same live sink as embedded mode; the publisher forwards what it shows to the shared live stream.
            var liveFeed = new LiveFeed();
            _sinks.Add(new LiveFeedSink(liveFeed, PrivateReport, () => Shards.OpenChains.Values.Select(c => c.Scorer.AlertThreshold).FirstOrDefault(t => t is not null)));
            LiveStream = new KinesisClient(context, aws.Sinks.LiveStreamName);
            LivePublisher = new LiveStreamPublisher(LiveStream, liveFeed, aws.Leases.WorkerId, logger);
        }

        // The analysts' verdicts from the console, as labels for this worker's scorer.
        Verdicts = string.IsNullOrWhiteSpace(aws.Sinks.VerdictsTable)
            ? null
            : new VerdictLabelFeed(new DynamoDbVerdictStore(_dynamo, aws.Sinks.VerdictsTable), chain.Labels, s_verdictPoll, time, logger);

        // e.g. a test's recording sink.
        _sinks.AddRange(edge.ExtraSinks ?? []);

        // A worker's shards change as leases move, so the window watermark cannot wait for a fixed shard
        // count (it would never advance and windows would never close): it follows the shards seen
        // (PipelineShape 1, see AwsEdgeServices). The DynamoDB aggregates do not depend on it: they count every record, late or not.
        int scoreStage = chain.Stages.ToList().FindIndex(s => s is ScoreStage);
        Pipeline = new ProcessingPipeline(Shards.RoutedStages(i => i == scoreStage ? ShareVerdicts : null), _sinks, Shards, options.Pipeline, counters, logger, State, time);
    }

    /// <summary>
    /// A fresh chain for one shard: a scorer of its own when the scorer can be snapshotted (else the shared one), insight
    /// stages of its own, and the shard's side of the fleet's DP releases (its open windows and continual steps, saved
    /// with the shard so they move with the lease).
    /// </summary>
    private static ShardChain NewShardChain(StreamGuardOptions options, TimeProvider time, TransactionAnonymizer anonymizer, IFraudScorer shared, ScoringMetrics scoring, SharedModelSync models, bool continual)
    {
        IFraudScorer scorer = shared is OnlineFraudScorer ? new OnlineFraudScorer(options.Scoring) : shared;
        var insight = new InsightStages(options.Insight, shards: 1);
        var labels = new LabelInbox();
        IReadOnlyList<IPipelineStage> stages = StageChain.Build(options, time, anonymizer, scorer, insight, labels, scoring, models);
        DifferentialPrivacyOptions dp = options.Privacy.Differential;
        if (dp.Enabled)
        {
            stages = [.. stages, new ReleasePartialsStage(dp, continual && dp.ContinualEpsilon > 0)];
        }

        return new ShardChain(stages, scorer, insight, labels);
    }

    /// <summary>The store is asked for a newer model version about as often as state is saved (every 5 s when state is not kept).</summary>
    private static TimeSpan SharedModelPoll(StateCheckpointOptions state) =>
        state.Interval > TimeSpan.Zero ? state.Interval : TimeSpan.FromSeconds(5);

    /// <summary>
    /// On the score stage's task: verdicts posted for the worker go to every open shard's scorer, which
    /// learns from those matching its own recent transactions.
    /// </summary>
    private void ShareVerdicts()
    {
        if (_sharedLabels.Count == 0)
        {
            return;
        }

        _drainedLabels.Clear();
        _sharedLabels.Drain(_drainedLabels);
        foreach (ShardChain shard in Shards.OpenChains.Values)
        {
            foreach (FraudLabel label in _drainedLabels)
            {
                shard.Labels.TryPost(label);
            }
        }
    }

    public PseudonymKey Key { get; }

    public KinesisClient Kinesis { get; }

    public LeaseCoordinator Coordinator { get; }

    public LeaseCheckpointStore Checkpoints { get; }

    public LeaseFeed Feed { get; }

    /// <summary>Marks quiet shards idle (and active again) in the releases table; null when DP releases are off.</summary>
    public ShardIdleTracker? IdleShards { get; }

    /// <summary>Marks the barriers at which every open shard's state is captured and saved (through <see cref="Shards"/>).</summary>
    public StateCheckpointer State { get; }

    public DynamoDbSink Dynamo { get; }

    /// <summary>Makes each DP window one release for the whole fleet (claim, stored values, budget).</summary>
    public DynamoDbReleaseCoordinator Releases { get; }

    /// <summary>Keeps the population view up with nodes other workers release, when the continual release runs (a live stream is set).</summary>
    public FleetPopulationRefresher? PopulationRefresher { get; }

    /// <summary>The report feed's differentially private releases and their budget ledger.</summary>
    public PrivateCategoryReport PrivateReport { get; }

    public ProcessingPipeline Pipeline { get; }

    /// <summary>The global models' versions (S3 objects, a DynamoDB pointer checked on every publication).</summary>
    public S3SharedModelStore SharedModelStore { get; }

    /// <summary>This worker's link to the global models: every shard's scorer adopts the newest version at its barriers.</summary>
    public SharedModelSync SharedModels { get; }

    /// <summary>The stage chain of each shard this worker reads, with its learned state.</summary>
    public ShardTasks Shards { get; }

    /// <summary>The shared live-update stream and its publisher, when LiveStreamName is set.</summary>
    public KinesisClient? LiveStream { get; }

    public LiveStreamPublisher? LivePublisher { get; }

    /// <summary>Feeds the console's verdicts to the scorer as labels, when a verdicts table is set.</summary>
    public VerdictLabelFeed? Verdicts { get; }

    /// <summary>Kinesis allows 5 GetRecords calls per shard per second: an idle shard is polled no more often than that.</summary>
    public static PipelineOptions KinesisPolling(PipelineOptions pipeline) => pipeline.IdlePollInterval >= s_minimumIdlePoll
        ? pipeline
        : pipeline with { IdlePollInterval = s_minimumIdlePoll };

    /// <summary>
    /// Every worker must pseudonymise with the same key, or one customer gets two ids: aws mode never
    /// creates a key of its own and refuses to start without one.
    /// </summary>
    /// <summary>The dead-letter sealing key aws mode needs from the environment (never generated, never the pseudonym key).</summary>
    public static SealingKey RequireSealingKey(StreamGuardOptions options) =>
        string.IsNullOrWhiteSpace(options.Privacy.SealingKey)
            ? throw new StreamGuard.Core.UserErrorException(
                $"aws mode needs a dead-letter sealing key separate from the pseudonym key: set the {ProcessorConfiguration.SealingKeyVariable} environment variable (base64, at least {PseudonymKey.MinimumBytes} bytes, e.g. from AWS Secrets Manager).")
            : SealingKey.FromBase64(options.Privacy.SealingKey, "configuration");

    public static PseudonymKey RequirePseudonymKey(StreamGuardOptions options) =>
        string.IsNullOrWhiteSpace(options.Privacy.PseudonymKey)
            ? throw new InvalidOperationException(
                $"aws mode needs a pseudonym key shared by all workers: set {StreamGuardOptions.Section}:Privacy:PseudonymKey or the {ProcessorConfiguration.PseudonymKeyVariable} " +
                $"environment variable (base64, at least {PseudonymKey.MinimumBytes} bytes, e.g. from AWS Secrets Manager). It is never generated in aws mode.")
            : PseudonymKey.FromBase64(options.Privacy.PseudonymKey, "configuration");

    /// <summary>Creates what is missing (stream, lease and sink tables, bucket) when CreateResources is set; otherwise only the lease table.</summary>
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        if (_aws.CreateResources)
        {
            await Kinesis.EnsureStreamAsync(_aws.ShardCount, s_setupTimeout, cancellationToken).ConfigureAwait(false);
            await Dynamo.EnsureTablesAsync(s_setupTimeout, cancellationToken).ConfigureAwait(false);
            await S3Objects.EnsureBucketAsync(_s3, _aws.Sinks.ArchiveBucket, cancellationToken).ConfigureAwait(false);
            if (LiveStream is not null)
            {
                await LiveStream.EnsureStreamAsync(1, s_setupTimeout, cancellationToken).ConfigureAwait(false);
            }
        }

        await Coordinator.Table.EnsureCreatedAsync(s_setupTimeout, cancellationToken).ConfigureAwait(false);
        if (PrivateReport.Options.Enabled)
        {
            await Releases.EnsureTableAsync(s_setupTimeout, cancellationToken).ConfigureAwait(false);
        }
        await SharedModelStore.EnsureCreatedAsync(s_setupTimeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs until cancelled. Leases stay with this worker until they expire unless <see cref="ReleaseLeasesAsync"/> is called.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stopSide = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task live = LivePublisher?.RunAsync(stopSide.Token) ?? Task.CompletedTask;
        Task verdicts = Verdicts?.RunAsync(stopSide.Token) ?? Task.CompletedTask;
        Task population = PopulationRefresher?.RunAsync(stopSide.Token) ?? Task.CompletedTask;
        // Shards opened from now on start from the fleet's current model version.
        await SharedModels.RefreshAsync(cancellationToken).ConfigureAwait(false);
        Task models = SharedModels.RunAsync(stopSide.Token);
        try
        {
            await Pipeline.RunAsync(Feed.RunAsync, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await stopSide.CancelAsync().ConfigureAwait(false);
            await live.ConfigureAwait(false);
            await verdicts.ConfigureAwait(false);
            await population.ConfigureAwait(false);
            await models.ConfigureAwait(false);
        }
    }

    /// <summary>Graceful hand-over: other workers take the leases at once instead of after the lease duration.</summary>
    public Task ReleaseLeasesAsync(CancellationToken cancellationToken) => Coordinator.ReleaseAllAsync(cancellationToken);

    /// <summary>Outside a host, the worker owns the container that built it and disposes it last.</summary>
    internal void OwnContainer(IAsyncDisposable container) => _container = container;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (IBatchSink sink in _sinks)
        {
            await sink.DisposeAsync().ConfigureAwait(false);
        }

        Checkpoints.Dispose();
        Shards.Dispose();
        _dynamo.Dispose();
        _s3.Dispose();
        if (_container is not null)
        {
            await _container.DisposeAsync().ConfigureAwait(false);
        }
    }
}
