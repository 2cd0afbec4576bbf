using Amazon.DynamoDBv2;
using Microsoft.Extensions.Logging.Abstractions;
using StreamGuard.Aws.Tests.Emulators;
using StreamGuard.Aws.Tests.Support;
using StreamGuard.Core.Streaming;
using StreamGuard.Runtime.Leases;
using StreamGuard.Tests.Shared.Contracts;

namespace StreamGuard.Aws.Tests.Contracts;

/// <summary>aws mode's checkpoints: the lease table on dynalite, written by the worker holding every lease.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class LeaseCheckpointStoreContractTests(EmulatorFixture emulators) : CheckpointStoreContractTests, IDisposable
{
    private readonly AmazonDynamoDBClient _dynamo = emulators.CreateDynamoDbClient();
    private readonly ManualTimeProvider _clock = new();
    private readonly List<IDisposable> _owned = [];
    private readonly Dictionary<ICheckpointStore, LeaseTable> _tableOf = [];

    protected override async Task<ICheckpointStore> CreateStoreAsync()
    {
        var table = new LeaseTable(_dynamo, "sg-contract-" + Guid.NewGuid().ToString("N")[..10]);
        await table.EnsureCreatedAsync(Timeout, CancellationToken.None).WaitAsync(Timeout);
        ICheckpointStore store = await HoldAllAsync(table, "worker-a");
        _tableOf[store] = table;
        return store;
    }

    // A restarted worker (same id) takes its leases back and reads the checkpoints from the table.
    protected override Task<ICheckpointStore> ReopenAsync(ICheckpointStore store) => HoldAllAsync(_tableOf[store], "worker-a");

    public void Dispose()
    {
        foreach (IDisposable owned in _owned)
        {
            owned.Dispose();
        }

        _dynamo.Dispose();
    }

    private async Task<ICheckpointStore> HoldAllAsync(LeaseTable table, string workerId)
    {
        var worker = new LeaseCoordinator(
            table,
            FixedShards.Open(Shards.Length),
            new LeaseOptions { WorkerId = workerId, TableName = table.TableName, LeaseDuration = TimeSpan.FromSeconds(30), RenewInterval = TimeSpan.FromSeconds(10) },
            LeaseCheckpoints.TrimHorizon,
            _clock,
            NullLogger.Instance);
        await worker.RunPassAsync(CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal(Shards.Length, worker.HeldShardIds.Count);
        var store = new LeaseCheckpointStore(worker, NullLogger.Instance);
        _owned.Add(store);
        return store;
    }
}
