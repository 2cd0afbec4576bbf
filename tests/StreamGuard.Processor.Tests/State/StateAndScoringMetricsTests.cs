using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using StreamGuard.Scoring;
using StreamGuard.Core.Streaming.Embedded;
using StreamGuard.Pipeline.Stages;
using StreamGuard.Pipeline.State;
using StreamGuard.Processor.Tests.Support;

namespace StreamGuard.Processor.Tests.State;

public sealed class StateAndScoringMetricsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sg-metrics-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Run_ScoredAndSaved_ScoringAndStateMetersRecordEachTransactionAndSave()
    {
        // The meters are process-wide and other tests run in parallel: expect at least this run's share.
        var longs = new ConcurrentQueue<(string Name, long Value)>();
        var scores = new ConcurrentQueue<double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name is ScoreStage.MeterName or StateCheckpointer.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => longs.Enqueue((instrument.Name, value)));
        listener.SetMeasurementEventCallback<double>((_, value, _, _) => scores.Enqueue(value));
        listener.Start();

        var stream = new EmbeddedStream(new EmbeddedStreamOptions { ShardCount = 1, ShardCapacity = 10_000 });
        await TestEvents.PutAsync(stream, Enumerable.Range(0, 250).Select(i => TestEvents.Event(i, amount: 10m + i)));
        await using var harness = new StatefulRestartHarness(stream, _dir, new StateCheckpointOptions { Interval = TimeSpan.FromHours(1), MaxRecords = 100 });
        harness.Feed.CompleteInput();
        await harness.RunAsync().WaitAsync(TimeSpan.FromMinutes(1));

        long Sum(string name) => longs.Where(m => m.Name == name).Sum(m => m.Value);
        Assert.True(Sum("streamguard.fraud.scored") >= 250, $"scored {Sum("streamguard.fraud.scored")}");
        Assert.True(Sum("streamguard.fraud.alerts") <= Sum("streamguard.fraud.scored"));
        Assert.True(scores.Count >= 250);
        Assert.All(scores, s => Assert.InRange(s, 0.0, 1.0));
        Assert.True(Sum("streamguard.state.saves") >= harness.State.Saves && harness.State.Saves >= 2, $"saves {harness.State.Saves}");
        Assert.Contains(longs, m => m.Name == "streamguard.state.bytes" && m.Value == harness.State.LastSaveBytes);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A SQLite file still closing; the temp folder is cleaned later.
        }
    }
}
