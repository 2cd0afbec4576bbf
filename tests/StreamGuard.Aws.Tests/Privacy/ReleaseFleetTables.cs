using Amazon.DynamoDBv2;
using StreamGuard.Aws.Tests.Support;
using StreamGuard.Privacy.Differential;
using StreamGuard.Runtime.Leases;
using StreamGuard.Runtime.Sinks.Aws;

namespace StreamGuard.Aws.Tests.Privacy;

/// <summary>
/// One test's lease table and release coordinators on dynalite, named uniquely per test: a worker is a coordinator
/// with its own in-memory ledger over the shared releases table, on the test's manual clock.
/// </summary>
internal sealed class ReleaseFleetTables(AmazonDynamoDBClient dynamo, ManualTimeProvider clock)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly string _id = Guid.NewGuid().ToString("N")[..10];

    /// <summary>The lease table, with one lease per shard at the trim horizon.</summary>
    public async Task<LeaseTable> LeasesAsync(params string[] shards)
    {
        var table = new LeaseTable(dynamo, "sg-leases-" + _id);
        await table.EnsureCreatedAsync(Timeout, CancellationToken.None).WaitAsync(Timeout);
        foreach (string shard in shards)
        {
            await table.CreateIfAbsentAsync(shard, [], LeaseCheckpoints.TrimHorizon, CancellationToken.None).WaitAsync(Timeout);
        }

        return table;
    }

    /// <summary>A worker's coordinator over the shared releases table, with its own ledger.</summary>
    public async Task<(DynamoDbReleaseCoordinator Coordinator, PrivacyBudgetLedger Ledger)> WorkerAsync(LeaseTable leases, string workerId)
    {
        var ledger = new PrivacyBudgetLedger(new MemoryPrivacyLedgerStore());
        var coordinator = new DynamoDbReleaseCoordinator(dynamo, "sg-releases-" + _id, "sg-stream-" + _id, leases, ledger, workerId, clock);
        await coordinator.EnsureTableAsync(Timeout, CancellationToken.None).WaitAsync(Timeout);
        return (coordinator, ledger);
    }
}
