using StreamGuard.Tests.Shared.Support;
using StreamGuard.Aws.Tests.Emulators;
using StreamGuard.Core.Model;
using StreamGuard.Runtime.Leases;
using StreamGuard.Pipeline.State;

namespace StreamGuard.Aws.Tests.Workers;

/// <summary>Each shard's learned state saved to S3 with the positions it includes, found through its lease, and restored on restart.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class WorkerStateTests(EmulatorFixture emulators)
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Worker_KilledAndRestartedUnderSameId_RestoresEachShardsStateFromItsLeaseAndLearnsNothingTwice()
    {
        await using var system = new AwsSystem(emulators, TimeSpan.FromSeconds(2)) { State = new StateCheckpointOptions { Interval = TimeSpan.FromMilliseconds(200) } };
        await system.CreateAsync(shards: 2);
        List<TransactionEvent> events = TestEvents.Create(600, system.RunId);
        await system.ReplayAsync(events);

        RunningWorker first = system.Start("worker-stable");
        await Eventually.WaitAsync(() => first.Worker.Pipeline.Counters.Processed == events.Count, s_deadline, () => $"processed {first.Worker.Pipeline.Counters.Processed}");
        long learned = first.Worker.Shards.OpenChains.Values.Sum(c => c.Insight.Categorize.Model.TrainingExamples);
        int customers = first.Worker.Shards.OpenChains.Values.Sum(c => c.Insight.Segments.Segmenter.Customers);
        Assert.Equal(2, first.Worker.Shards.OpenChains.Count);
        Assert.True(learned > 0 && customers > 0, $"the first worker learned nothing (examples {learned}, customers {customers})");

        // Each lease points at its shard's state object, which holds every stateful stage and the shard's own position only.
        var store = new ShardStateStore(system.S3, system.Options.Sinks.ArchiveBucket, "state/", system.Options.StreamName, first.Worker.Coordinator.Table, "worker-stable");
        await Eventually.WaitAsync(
            async () => (await SavedAsync(store, first)).Count(s => s?.Positions.Count == 1) == 2,
            s_deadline,
            () => "not every lease points at a saved state with its position");
        await first.KillAsync();
        List<StateCheckpoint?> saved = await SavedAsync(store, first);
        Assert.All(saved, s => Assert.Equal(["categorizer", "scorer", "windows", "budgets", "duplicates", "segments", "release-partials"], s!.Stages.Select(st => st.Name)));
        Assert.All(await first.Worker.Coordinator.Table.ListAsync(CancellationToken.None), l => Assert.Equal(store.KeyFor(l.LeaseKey), l.StateObject));

        RunningWorker second = system.Start("worker-stable");
        await Eventually.WaitAsync(() => second.Worker.Shards.RestoredFromSaved == 2, s_deadline, () => $"the restarted worker restored {second.Worker.Shards.RestoredFromSaved} shards");

        // Everything the first worker learned is back, once: the records after the saved positions are
        // read again (the sinks absorb them), those before are not learned a second time.
        await Eventually.WaitAsync(
            () => second.Worker.Shards.OpenChains.Values.Sum(c => c.Insight.Categorize.Model.TrainingExamples) == learned,
            s_deadline,
            () => $"restarted worker has {second.Worker.Shards.OpenChains.Values.Sum(c => c.Insight.Categorize.Model.TrainingExamples)} training examples, the first had {learned}");
        Assert.Equal(customers, second.Worker.Shards.OpenChains.Values.Sum(c => c.Insight.Segments.Segmenter.Customers));
        Assert.True(second.Worker.Pipeline.Counters.Processed < events.Count, $"the restarted worker re-read {second.Worker.Pipeline.Counters.Processed} records: it did not resume from the saved positions");
        Assert.Equal(events.Count, await system.CountTransactionsAsync());
        second.ThrowIfFailed();
    }

    private static async Task<List<StateCheckpoint?>> SavedAsync(ShardStateStore store, RunningWorker worker)
    {
        var saved = new List<StateCheckpoint?>();
        foreach (Lease lease in await worker.Worker.Coordinator.Table.ListAsync(CancellationToken.None))
        {
            saved.Add(await store.LoadAsync(lease, CancellationToken.None));
        }

        return saved;
    }
}
