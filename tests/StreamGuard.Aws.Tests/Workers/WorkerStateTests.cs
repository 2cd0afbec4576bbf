using StreamGuard.Tests.Shared.Support;
using StreamGuard.Aws.Tests.Emulators;
using StreamGuard.Aws.Tests.Support;
using StreamGuard.Core.Model;
using StreamGuard.Runtime.Sinks.Aws;
using StreamGuard.Pipeline.State;

namespace StreamGuard.Aws.Tests.Workers;

/// <summary>A worker's learned state saved to S3 with the positions it includes, and restored on restart.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class WorkerStateTests(EmulatorFixture emulators)
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Worker_KilledAndRestartedUnderSameId_RestoresLearnedStateFromS3AndLearnsNothingTwice()
    {
        await using var system = new AwsSystem(emulators, TimeSpan.FromSeconds(2)) { State = new StateCheckpointOptions { Interval = TimeSpan.FromMilliseconds(200) } };
        await system.CreateAsync(shards: 2);
        List<TransactionEvent> events = TestEvents.Create(600, system.RunId);
        await system.ReplayAsync(events);

        RunningWorker first = system.Start("worker-stable");
        await Eventually.WaitAsync(() => first.Worker.Pipeline.Counters.Processed == events.Count, s_deadline, () => $"processed {first.Worker.Pipeline.Counters.Processed}");
        long learned = first.Worker.Insight.Categorize.Model.TrainingExamples;
        int customers = first.Worker.Insight.Segments.Segmenter.Customers;
        Assert.True(learned > 0 && customers > 0, $"the first worker learned nothing (examples {learned}, customers {customers})");

        var store = new S3StateStore(system.S3, system.Options.Sinks.ArchiveBucket, S3StateStore.KeyFor("state/", system.Options.StreamName, "worker-stable"));
        await Eventually.WaitAsync(
            async () => (await store.LoadAsync(CancellationToken.None))?.Stages.Any(s => s.Name == "scorer") == true,
            s_deadline,
            () => "no state object with the scorer's state in S3");
        await first.KillAsync();
        StateCheckpoint saved = (await store.LoadAsync(CancellationToken.None))!;
        Assert.Equal(["categorizer", "scorer", "windows", "budgets", "duplicates", "segments"], saved.Stages.Select(s => s.Name));

        RunningWorker second = system.Start("worker-stable");
        await Eventually.WaitAsync(() => second.Worker.State.RestoredFrom is not null, s_deadline, () => "the restarted worker restored nothing");
        Assert.Equal(saved.TakenAt, second.Worker.State.RestoredFrom);

        // Everything the first worker learned is back, once: the records after the saved positions are
        // read again (the sinks absorb them), those before are not learned a second time.
        await Eventually.WaitAsync(
            () => second.Worker.Insight.Categorize.Model.TrainingExamples == learned,
            s_deadline,
            () => $"restarted worker has {second.Worker.Insight.Categorize.Model.TrainingExamples} training examples, the first had {learned}");
        Assert.Equal(customers, second.Worker.Insight.Segments.Segmenter.Customers);
        Assert.True(second.Worker.Pipeline.Counters.Processed < events.Count, $"the restarted worker re-read {second.Worker.Pipeline.Counters.Processed} records: it did not resume from the saved positions");
        Assert.Equal(events.Count, await system.CountTransactionsAsync());
        second.ThrowIfFailed();
    }
}
