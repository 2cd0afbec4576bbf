using System.Globalization;
using Microsoft.Extensions.Logging;
using StreamGuard.Core.Model;
using StreamGuard.Core.Streaming;
using StreamGuard.Core.Streaming.Embedded;
using StreamGuard.Runtime.Composition;
using StreamGuard.Insight;
using StreamGuard.Pipeline;
using StreamGuard.Privacy;
using StreamGuard.Privacy.Differential;
using StreamGuard.Scoring;
using StreamGuard.Runtime.Sinks;
using StreamGuard.Runtime.Sinks.Feeds;
using StreamGuard.Runtime.Sinks.Live;
using StreamGuard.Runtime.Sinks.Sqlite;
using StreamGuard.Runtime.Sources;
using StreamGuard.Pipeline.Stages;
using StreamGuard.Pipeline.State;
using StreamGuard.Insight.Windows;

namespace StreamGuard.Runtime.Hosting;

/// <summary>
/// Embedded mode put together: the in-process stream, the stage chain, SQLite and folder sinks
/// and the live feed. The stages are the ones every mode runs; only the edges are embedded.
/// </summary>
public sealed class EmbeddedPipeline : IAsyncDisposable
{
    private readonly FeedSinks _files;
    private readonly IReadOnlyList<IPipelineStage> _stages;
    private readonly OrderedShardsFeed? _ordered;
    private IAsyncDisposable? _container;
    private int _disposed;

    /// <summary>Built by the container (<see cref="EmbeddedEdgeServices.AddEmbeddedEdges"/>), which also builds, owns and disposes the sinks; outside a host use <see cref="EmbeddedEdgeServices.Create"/>.</summary>
    public EmbeddedPipeline(StreamGuardOptions options, EmbeddedEdgeSettings edge, EmbeddedStream stream, SqliteStore store, EmbeddedKeys keys, StageChain chain,
        IEnumerable<IBatchSink> sinks, PrivateCategoryReport privateReport, PipelineCounters counters, TimeProvider time, ILoggerFactory loggers)
    {
        PersistentPositions = edge.PersistentPositions;
        Options = options;
        Key = keys.Key;
        Sealing = keys.Sealing;
        KeyRing = keys.Ring;
        Stream = stream;
        Store = store;
        if (!PersistentPositions)
        {
            // This stream starts empty, with sequence numbers from zero: marks left by an earlier
            // process would make readers and sinks skip new records.
            Store.Execute("DELETE FROM checkpoints; DELETE FROM sink_progress;");
        }

        Insight = chain.Insight;
        Scorer = chain.Scorer;
        Labels = chain.Labels;
        SharedModels = chain.SharedModels;
        // The stream's open release windows are state of the chain, saved with the positions (a kill loses none of them).
        _stages = options.Privacy.Differential.Enabled ? [.. chain.Stages, new StreamReleaseStage(privateReport, stream.ShardCount)] : chain.Stages;
        // The log is copied into the database off the delivery path (SqliteWalCheckpointer).
        Store.StartBackgroundCheckpoints(options.Pipeline.LogCopyInterval);
        IBatchSink[] all = [.. sinks];
        Sqlite = all.OfType<SqliteSink>().Single();
        _files = all.OfType<FeedSinks>().Single();
        PrivateReport = privateReport;

        ILogger logger = loggers.CreateLogger("StreamGuard.Pipeline");

        // Learned state carries over from an earlier process; stream positions do not (the stream is
        // new), so the stream may drop records as soon as they are checkpointed.
        var checkpoints = new TrimmingCheckpointStore(new SqliteCheckpointStore(Store, time), Stream, readsCheckpoints: !PersistentPositions);
        StateStore = new SqliteStateStore(Store, KeyRing.Current.Id, new HashSet<string>([KeyRing.Current.Id, .. KeyRing.Previous.Select(k => k.Id)], StringComparer.Ordinal), logger);
        State = new StateCheckpointer(checkpoints, StateStore, options.State, time, logger, streamContinues: PersistentPositions);
        Feed = new AllShardsFeed(Stream, State, options.Pipeline, time, logger);
        _ordered = PersistentPositions ? new OrderedShardsFeed(Stream, State, options.Pipeline, time) : null;
        Pipeline = new ProcessingPipeline(_stages, all, checkpoints, options.Pipeline, counters, logger, State, time);
    }

    public StreamGuardOptions Options { get; }

    /// <summary>Stream positions carry over from earlier processes (see the constructor).</summary>
    public bool PersistentPositions { get; }

    public SqliteStateStore StateStore { get; }

    public PseudonymKey Key { get; }

    /// <summary>The dead-letter sealing key (separate from <see cref="Key"/>).</summary>
    public SealingKey Sealing { get; }

    /// <summary>The key and, during a rotation, the previous keys whose pseudonyms are re-keyed as customers appear.</summary>
    public PseudonymKeyRing KeyRing { get; }

    public EmbeddedStream Stream { get; }

    public SqliteStore Store { get; }

    public SqliteSink Sqlite { get; }

    /// <summary>Saves and restores the stages' learned state with the stream positions.</summary>
    public StateCheckpointer State { get; }

    /// <summary>The differentially private population view (report feed, dashboard chart) and its budget ledger.</summary>
    public PrivateCategoryReport PrivateReport { get; }

    /// <summary>Categories, windows, budgets, duplicates and segments, with their counters.</summary>
    public InsightStages Insight { get; }

    public AllShardsFeed Feed { get; }

    /// <summary>The fraud scorer of the stage chain.</summary>
    public IFraudScorer Scorer { get; }

    /// <summary>Labels from outside the stream (analyst verdicts) for the scorer to learn from.</summary>
    public LabelInbox Labels { get; }

    public ProcessingPipeline Pipeline { get; }

    /// <summary>The global models' versions (table shared_models): published on a retrain, adopted when newer than the restored state.</summary>
    public SharedModelSync? SharedModels { get; }

    /// <summary>
    /// Restores the learned state and, with persistent positions, tells the stream what an earlier
    /// process already processed, so the source can send its records again from the start and only
    /// the unprocessed ones are read. Call before the source writes.
    /// </summary>
    /// <param name="outputsExist">The folder already holds outputs: a missing state then means it was lost.</param>
    public async Task PrepareAsync(bool outputsExist, CancellationToken cancellationToken)
    {
        if (PersistentPositions && State.Enabled && Options.State.RestoreOnStart)
        {
            if (!StateStore.Exists())
            {
                if (outputsExist)
                {
                    throw new Core.UserErrorException(
                        $"The data folder {Path.GetDirectoryName(Store.Path)} holds outputs but its saved state is missing: continuing would count earlier records again. "
                        + "Restore the folder from a backup, or start it over with --reset.");
                }

                // A first save before any record: a crash before the first periodic save then resumes from a known start.
                await State.SaveAsync(new Dictionary<string, string>(StringComparer.Ordinal), StateCheckpointer.CaptureAll(_stages), cancellationToken).ConfigureAwait(false);
                State.StartFresh();
            }
        }

        await State.RestoreAsync(_stages, cancellationToken).ConfigureAwait(false);
        if (SharedModels is not null && Scorer is ISharedModelHolder holder)
        {
            // A model version newer than the restored state (or any, when the state was started over) replaces its global half.
            await SharedModels.RefreshAsync(cancellationToken).ConfigureAwait(false);
            SharedModels.AdoptIfNewer(holder);
        }
        if (PersistentPositions)
        {
            Stream.SetFloors(State.RestoredPositions);
        }
    }

    /// <summary>
    /// The order the stages see one input's records in (the ordered feed's block size, which
    /// `run --rate` makes small) decides its scores. The folder keeps the order an input started
    /// with, so a resume at another pace, or none, ends exactly as one uninterrupted run would.
    /// </summary>
    /// <returns>The block size this input is read with.</returns>
    public long KeepOrderOf(long inputIndex)
    {
        if (_ordered is null)
        {
            return 0;
        }

        string name = "ordered_block_size:" + inputIndex.ToString(CultureInfo.InvariantCulture);
        string kept = Store.KeepFolderSetting(name, _ordered.BlockSize.ToString(CultureInfo.InvariantCulture));
        _ordered.BlockSize = long.Parse(kept, CultureInfo.InvariantCulture);
        return _ordered.BlockSize;
    }

    /// <summary>Runs the pipeline; with persistent positions the shards are read in the input's own order (<see cref="OrderedShardsFeed"/>).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stopModels = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task models = SharedModels?.RunAsync(stopModels.Token) ?? Task.CompletedTask;
        try
        {
            await Pipeline.RunAsync(_ordered is null ? Feed.RunAsync : _ordered.RunAsync, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await stopModels.CancelAsync().ConfigureAwait(false);
            await models.ConfigureAwait(false);
        }

        // A retrain offered at the last barrier is published before the run ends.
        if (SharedModels is not null)
        {
            await SharedModels.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Nothing more will be written to the stream: the pipeline ends once it has processed everything.</summary>
    public void CompleteInput()
    {
        Feed.CompleteInput();
        _ordered?.CompleteInput();
    }

    /// <summary>A graceful stop: read nothing more, let what was read reach the sinks, save state.</summary>
    public void StopReading()
    {
        Feed.StopReading();
        _ordered?.StopReading();
    }

    /// <summary>
    /// Sends dead letters found while reading an input outside the sequenced writer (the dashboard's
    /// sample) through the stream, so they reach every sink like any dead letter, reason included.
    /// </summary>
    public async Task DeadLetterInputAsync(IReadOnlyList<DeadLetter> deadLetters, CancellationToken cancellationToken)
    {
        foreach (DeadLetter deadLetter in deadLetters)
        {
            await Stream.AppendAsync(InputDeadLetterRecords.PartitionKey(deadLetter), InputDeadLetterRecords.Data(deadLetter), deadLetter, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// After the last batch of a finite input: every window is closed, so release them all, then save the state
    /// without them (same positions). A kill before that save restores the windows, and the next run releases
    /// them again: the ledger holds them, so they are republished with their recorded values under the same name.
    /// </summary>
    public async Task CompleteReleasesAsync(CancellationToken cancellationToken)
    {
        await _files.ReleaseRemainingAsync(cancellationToken).ConfigureAwait(false);
        if (State.Enabled && State.LastSavedPositions is { } positions && _stages.OfType<StreamReleaseStage>().Any())
        {
            await State.SaveAsync(positions, StateCheckpointer.CaptureAll(_stages), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Outside a host, the pipeline owns the container that built it and disposes it last.</summary>
    internal void OwnContainer(IAsyncDisposable container) => _container = container;

    /// <summary>Outside a host, closes the container that built the pipeline: it flushes and closes the sinks, then what they write to (database, counters, insight).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_container is not null)
        {
            await _container.DisposeAsync().ConfigureAwait(false);
        }
    }
}
