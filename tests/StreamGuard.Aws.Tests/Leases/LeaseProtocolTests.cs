using Amazon.DynamoDBv2;
using Microsoft.Extensions.Logging.Abstractions;
using StreamGuard.Aws.Tests.Emulators;
using StreamGuard.Aws.Tests.Support;
using StreamGuard.Runtime.Leases;

namespace StreamGuard.Aws.Tests.Leases;

/// <summary>The lease protocol against dynalite, with a manual clock: passes are run one at a time, so every step is deterministic.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class LeaseProtocolTests(EmulatorFixture emulators) : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_leaseDuration = TimeSpan.FromSeconds(3);
    private readonly AmazonDynamoDBClient _dynamo = emulators.CreateDynamoDbClient();
    private readonly ManualTimeProvider _clock = new();

    public void Dispose() => _dynamo.Dispose();

    private async Task<LeaseTable> NewTableAsync()
    {
        var table = new LeaseTable(_dynamo, "sg-leases-" + Guid.NewGuid().ToString("N")[..10]);
        await table.EnsureCreatedAsync(s_timeout, CancellationToken.None).WaitAsync(s_timeout);
        return table;
    }

    private LeaseCoordinator Worker(LeaseTable table, string id, int shards = 4) => new(
        table,
        FixedShards.Open(shards),
        new LeaseOptions { WorkerId = id, TableName = table.TableName, LeaseDuration = s_leaseDuration, RenewInterval = TimeSpan.FromSeconds(1) },
        LeaseCheckpoints.TrimHorizon,
        _clock,
        NullLogger.Instance);

    private static Task Pass(LeaseCoordinator worker) => worker.RunPassAsync(CancellationToken.None).WaitAsync(s_timeout);

    [Fact]
    public async Task RunPass_SingleWorker_CreatesAndTakesEveryLease()
    {
        LeaseTable table = await NewTableAsync();
        LeaseCoordinator a = Worker(table, "worker-a");

        await Pass(a);

        IReadOnlyList<Lease> leases = await table.ListAsync(CancellationToken.None).WaitAsync(s_timeout);
        Assert.Equal(4, leases.Count);
        Assert.All(leases, l => Assert.Equal("worker-a", l.Owner));
        Assert.All(leases, l => Assert.Equal(LeaseCheckpoints.TrimHorizon, l.Checkpoint));
        Assert.Equal(4, a.HeldShardIds.Count);
    }

    [Fact]
    public async Task Renew_HeldLease_BumpsCounter()
    {
        LeaseTable table = await NewTableAsync();
        await table.CreateIfAbsentAsync("shardId-000000000000", [], LeaseCheckpoints.TrimHorizon, CancellationToken.None).WaitAsync(s_timeout);
        Lease taken = (await table.TakeAsync((await table.GetAsync("shardId-000000000000", CancellationToken.None))!, "worker-a", CancellationToken.None).WaitAsync(s_timeout))!;

        Lease? renewed = await table.RenewAsync(taken, "worker-a", CancellationToken.None).WaitAsync(s_timeout);

        Assert.NotNull(renewed);
        Assert.Equal(taken.Counter + 1, renewed.Counter);
        Assert.Equal("worker-a", renewed.Owner);
        Assert.Equal(1, renewed.OwnerSwitchesSinceCheckpoint);
    }

    [Fact]
    public async Task Renew_AfterAnotherWorkerMovedTheCounter_FailsConditionallyAndCheckpointIsRefused()
    {
        LeaseTable table = await NewTableAsync();
        await table.CreateIfAbsentAsync("shardId-000000000000", [], LeaseCheckpoints.TrimHorizon, CancellationToken.None).WaitAsync(s_timeout);
        Lease heldByA = (await table.TakeAsync((await table.GetAsync("shardId-000000000000", CancellationToken.None))!, "worker-a", CancellationToken.None).WaitAsync(s_timeout))!;
        Lease heldByB = (await table.TakeAsync(heldByA, "worker-b", CancellationToken.None).WaitAsync(s_timeout))!;

        Lease? renewedByA = await table.RenewAsync(heldByA, "worker-a", CancellationToken.None).WaitAsync(s_timeout);
        Lease? takenAgainByA = await table.TakeAsync(heldByA, "worker-a", CancellationToken.None).WaitAsync(s_timeout);
        bool checkpointedByA = await table.CheckpointAsync("shardId-000000000000", "worker-a", "49590000000000000000000000000000000000000000000000000001", CancellationToken.None).WaitAsync(s_timeout);
        bool checkpointedByB = await table.CheckpointAsync("shardId-000000000000", "worker-b", "49590000000000000000000000000000000000000000000000000002", CancellationToken.None).WaitAsync(s_timeout);

        Assert.Null(renewedByA);
        Assert.Null(takenAgainByA);
        Assert.False(checkpointedByA);
        Assert.True(checkpointedByB);
        Lease stored = (await table.GetAsync("shardId-000000000000", CancellationToken.None).WaitAsync(s_timeout))!;
        Assert.Equal("worker-b", stored.Owner);
        Assert.Equal(heldByB.Counter, stored.Counter);
        Assert.Equal("49590000000000000000000000000000000000000000000000000002", stored.Checkpoint);
        Assert.Equal(0, stored.OwnerSwitchesSinceCheckpoint);
    }

    [Fact]
    public async Task RunPass_SecondWorkerJoins_StealsOneAtATimeUpToFairShare()
    {
        LeaseTable table = await NewTableAsync();
        LeaseCoordinator a = Worker(table, "worker-a");
        LeaseCoordinator b = Worker(table, "worker-b");
        await Pass(a);

        await Pass(b);
        int afterFirst = b.HeldShardIds.Count;
        await Pass(b);
        int afterSecond = b.HeldShardIds.Count;
        await Pass(b);
        await Pass(a);

        Assert.Equal(1, afterFirst);
        Assert.Equal(2, afterSecond);
        Assert.Equal(2, b.HeldShardIds.Count);
        Assert.Equal(2, a.HeldShardIds.Count);
        Assert.Equal(2, a.LeasesLost);
        Assert.Empty(a.HeldShardIds.Intersect(b.HeldShardIds));
    }

    [Fact]
    public async Task RunPass_OwnerStopsRenewing_LeasesTakenOnlyAfterLeaseDuration()
    {
        LeaseTable table = await NewTableAsync();
        LeaseCoordinator a = Worker(table, "worker-a");
        LeaseCoordinator b = Worker(table, "worker-b");
        await Pass(a);
        await Pass(b);
        await Pass(b);
        await Pass(a);
        Assert.Equal(2, a.HeldShardIds.Count);

        // worker-a is gone (no more passes): its counters stop moving.
        await Pass(b);
        _clock.Advance(s_leaseDuration - TimeSpan.FromMilliseconds(100));
        await Pass(b);
        int beforeExpiry = b.HeldShardIds.Count;
        _clock.Advance(TimeSpan.FromMilliseconds(200));
        await Pass(b);

        Assert.Equal(2, beforeExpiry);
        Assert.Equal(4, b.HeldShardIds.Count);
        IReadOnlyList<Lease> leases = await table.ListAsync(CancellationToken.None).WaitAsync(s_timeout);
        Assert.All(leases, l => Assert.Equal("worker-b", l.Owner));
    }

    [Fact]
    public async Task ReleaseAll_GracefulStop_OtherWorkerTakesAtOnce()
    {
        LeaseTable table = await NewTableAsync();
        LeaseCoordinator a = Worker(table, "worker-a");
        LeaseCoordinator b = Worker(table, "worker-b");
        await Pass(a);
        await Pass(b);

        await a.ReleaseAllAsync(CancellationToken.None).WaitAsync(s_timeout);
        await Pass(b);

        Assert.Empty(a.HeldShardIds);
        Assert.Equal(4, b.HeldShardIds.Count);
    }

    [Fact]
    public async Task Checkpoint_FormerOwnerAfterSteal_IsRefusedAndLeaseMarkedLost()
    {
        LeaseTable table = await NewTableAsync();
        LeaseCoordinator a = Worker(table, "worker-a", shards: 2);
        LeaseCoordinator b = Worker(table, "worker-b", shards: 2);
        await Pass(a);
        await Pass(b);
        string stolen = b.HeldShardIds.Single();
        using var checkpoints = new LeaseCheckpointStore(a, NullLogger.Instance);

        await checkpoints.SaveCheckpointAsync(stolen, "49590000000000000000000000000000000000000000000000000007", CancellationToken.None).WaitAsync(s_timeout);

        Assert.False(a.Holds(stolen));
        Assert.Equal(1, checkpoints.RefusedCheckpoints);
        Assert.Null(await checkpoints.GetCheckpointAsync(stolen, CancellationToken.None).WaitAsync(s_timeout));
    }

    [Fact]
    public async Task MarkShardEnd_LastBatchNotYetCheckpointed_WritesShardEndWithIt()
    {
        LeaseTable table = await NewTableAsync();
        LeaseCoordinator a = Worker(table, "worker-a", shards: 1);
        await Pass(a);
        using var checkpoints = new LeaseCheckpointStore(a, NullLogger.Instance);
        const string shard = "shardId-000000000000";

        await checkpoints.MarkShardEndAsync(shard, "20", CancellationToken.None).WaitAsync(s_timeout);
        Lease? pending = await table.GetAsync(shard, CancellationToken.None).WaitAsync(s_timeout);
        await checkpoints.SaveCheckpointAsync(shard, "10", CancellationToken.None).WaitAsync(s_timeout);
        Lease? midway = await table.GetAsync(shard, CancellationToken.None).WaitAsync(s_timeout);
        await checkpoints.SaveCheckpointAsync(shard, "20", CancellationToken.None).WaitAsync(s_timeout);
        Lease? ended = await table.GetAsync(shard, CancellationToken.None).WaitAsync(s_timeout);

        Assert.Equal(LeaseCheckpoints.TrimHorizon, pending!.Checkpoint);
        Assert.Equal("10", midway!.Checkpoint);
        Assert.True(ended!.IsFinished);
        Assert.False(a.Holds(shard));
    }
}
