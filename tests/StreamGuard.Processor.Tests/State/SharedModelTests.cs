using Microsoft.Extensions.Logging.Abstractions;
using StreamGuard.Core.Model;
using StreamGuard.Pipeline;
using StreamGuard.Pipeline.State;
using StreamGuard.Processor.Tests.Contracts;
using StreamGuard.Processor.Tests.Scoring;
using StreamGuard.Runtime.Sinks.Sqlite;
using StreamGuard.Scoring;

namespace StreamGuard.Processor.Tests.State;

/// <summary>
/// The global models are one versioned copy shared by every shard's scorer (through a real SQLite store, two
/// workers each with their own link to it): a retrain published by one shard is what the other scores with
/// after its next state barrier, and a stale publication is refused instead of overwriting the newer version.
/// </summary>
public sealed class SharedModelTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private readonly TempSqliteFolders _folders = new();
    private readonly List<(EnrichedTransaction Transaction, RawFeatures Features)> _stream = SyntheticCardStream.Generate(60, 20, seed: 11);

    [Fact]
    public async Task AtBarrier_RetrainPublishedByOneShard_OtherShardScoresWithTheSameVersionAfterItsNextBarrier()
    {
        string dir = _folders.New();
        var workerA = new SharedModelSync(new SqliteSharedModelStore(_folders.Open(dir)), "worker-a", TimeSpan.FromSeconds(1), TimeProvider.System, NullLogger.Instance);
        var workerB = new SharedModelSync(new SqliteSharedModelStore(_folders.Open(dir)), "worker-b", TimeSpan.FromSeconds(1), TimeProvider.System, NullLogger.Instance);
        var options = new ScoringOptions { Retrain = false };
        // Shard A holds a trained model (as after a retrain); shard B only its online score. Each learns its own cards.
        var shardA = new OnlineFraudScorer(options, ModelTraining.Trained.Model);
        var shardB = new OnlineFraudScorer(options);
        var stageA = new ScoreStage(shardA, shared: workerA);
        var stageB = new ScoreStage(shardB, shared: workerB);
        Learn(shardA, card => card % 2 == 0);
        Learn(shardB, card => card % 2 == 1);
        Assert.NotEqual(shardA.AlertThreshold, shardB.AlertThreshold);
        Assert.True(shardA.HasUnpublishedChange);

        stageA.Process(RecordBatch.StateBarrier());
        await workerA.PublishPendingAsync(CancellationToken.None).WaitAsync(s_timeout);
        stageA.Process(RecordBatch.StateBarrier());

        // Before its barrier, shard B still scores with what it had.
        await workerB.RefreshAsync(CancellationToken.None).WaitAsync(s_timeout);
        Assert.Equal("online", shardB.ModelVersion);
        stageB.Process(RecordBatch.StateBarrier());

        Assert.Equal((1L, 1L), (shardA.SharedVersion, shardB.SharedVersion));
        Assert.False(shardA.HasUnpublishedChange);
        Assert.False(shardB.HasUnpublishedChange);
        Assert.Equal(shardA.ModelVersion, shardB.ModelVersion);
        Assert.StartsWith("gbt-", shardB.ModelVersion, StringComparison.Ordinal);
        Assert.Equal(shardA.AlertThreshold, shardB.AlertThreshold);
        Assert.Equal((1L, 0L, 1L), (workerA.Published, workerA.Adopted, workerB.Adopted));

        // A card neither shard has seen: same global models, same score.
        (EnrichedTransaction t, RawFeatures f) = _stream[0];
        EnrichedTransaction stranger = t with { CardId = "card-never-seen", TransactionId = "stranger-1" };
        Assert.Equal(shardA.ScoreAndLearn(stranger, f).Score, shardB.ScoreAndLearn(stranger, f).Score);
    }

    [Fact]
    public async Task PublishPendingAsync_StalePublisher_RefusedAndAdoptsTheNewerVersionAtItsNextBarrier()
    {
        string dir = _folders.New();
        var workerA = new SharedModelSync(new SqliteSharedModelStore(_folders.Open(dir)), "worker-a", TimeSpan.FromSeconds(1), TimeProvider.System, NullLogger.Instance);
        var workerB = new SharedModelSync(new SqliteSharedModelStore(_folders.Open(dir)), "worker-b", TimeSpan.FromSeconds(1), TimeProvider.System, NullLogger.Instance);
        var options = new ScoringOptions { Retrain = false };
        var first = new OnlineFraudScorer(options, ModelTraining.Trained.Model);
        var stale = new OnlineFraudScorer(options, ModelTraining.Trained.Model);
        Learn(first, card => card % 2 == 0);
        Learn(stale, card => card % 2 == 1);

        // Both capture a change building on no version; A's reaches the store first.
        workerA.AtBarrier(first, "shard-a");
        workerB.AtBarrier(stale, "shard-b");
        await workerA.PublishPendingAsync(CancellationToken.None).WaitAsync(s_timeout);
        await workerB.PublishPendingAsync(CancellationToken.None).WaitAsync(s_timeout);

        Assert.Equal((1L, 0L), (workerA.Published, workerA.Refused));
        Assert.Equal((0L, 1L), (workerB.Published, workerB.Refused));
        SharedModelVersion? current = await ((ISharedModelStore)new SqliteSharedModelStore(_folders.Open(dir))).GetCurrentAsync(CancellationToken.None).WaitAsync(s_timeout);
        Assert.NotNull(current);
        Assert.Equal((1L, "worker-a/shard-a"), (current.Version, current.Publisher));

        workerB.AtBarrier(stale, "shard-b");
        workerA.AtBarrier(first, "shard-a");
        Assert.Equal((1L, 1L), (stale.SharedVersion, first.SharedVersion));
        Assert.Equal(first.AlertThreshold, stale.AlertThreshold);
        Assert.Equal(1L, workerB.Adopted);
    }

    [Fact]
    public void Restore_SnapshotAfterAdoptingAVersion_KeepsTheVersionAndNothingToPublish()
    {
        var options = new ScoringOptions { Retrain = false };
        var publisher = new OnlineFraudScorer(options, ModelTraining.Trained.Model);
        Learn(publisher, card => true);
        var version = new SharedModelVersion(3, "worker-a/shard-a", DateTimeOffset.UnixEpoch, publisher.CaptureShared());
        var shard = new OnlineFraudScorer(options);
        shard.AdoptShared(version);

        var restored = new OnlineFraudScorer(options);
        restored.Restore(shard.Snapshot());

        Assert.Equal(3L, restored.SharedVersion);
        Assert.False(restored.HasUnpublishedChange);
        Assert.Equal(publisher.ModelVersion, restored.ModelVersion);
        Assert.Equal(publisher.AlertThreshold, restored.AlertThreshold);
    }

    public void Dispose() => _folders.Dispose();

    private void Learn(OnlineFraudScorer scorer, Func<int, bool> ownsCard)
    {
        foreach ((EnrichedTransaction t, RawFeatures f) in _stream)
        {
            if (ownsCard(Math.Abs(StableCard(t.CardId))))
            {
                scorer.ScoreAndLearn(t, f);
            }
        }
    }

    private static int StableCard(string cardId) => cardId.Aggregate(17, (h, c) => unchecked((h * 31) + c));
}
