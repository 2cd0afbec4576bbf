using StreamGuard.Core.Ingestion;
using StreamGuard.Core.Model;
using StreamGuard.Core.Replay;
using StreamGuard.Core.Streaming.Embedded;
using StreamGuard.Insight.Segments;
using StreamGuard.Runtime.Sinks.Sqlite;
using StreamGuard.Pipeline.State;
using StreamGuard.Processor.Tests.Support;
using StreamGuard.Producer.Generation;

namespace StreamGuard.Processor.Tests.State;

public sealed class StatefulRestartTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);
    private static readonly StateCheckpointOptions s_everyFewBatches = new() { Interval = TimeSpan.FromHours(1), MaxRecords = 700 };
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sg-state-" + Guid.NewGuid().ToString("N"));
    private readonly List<TransactionEvent> _events;

    public StatefulRestartTests()
    {
        Directory.CreateDirectory(_dir);
        string input = Path.Combine(_dir, "input.csv");
        using (var writer = new SparkovCsvWriter(new StreamWriter(input)))
        {
            foreach (GeneratedTransaction t in new TransactionGenerator(new GeneratorOptions(40, 75, 5, new DateOnly(2024, 1, 1))).Generate())
            {
                writer.Write(t);
            }
        }

        _events = ReplayOrdering.ByEventTime(TransactionFileReader.Read(input), _ => { });
    }

    [Fact]
    public async Task Restart_AfterSinkFailureMidStream_ScoresWindowsAlertsAndSegmentsMatchAnUninterruptedRun()
    {
        // One shard: the order the stages see is the stream order, so both runs must agree exactly.
        var straightStream = new EmbeddedStream(new EmbeddedStreamOptions { ShardCount = 1, ShardCapacity = 100_000 });
        await TestEvents.PutAsync(straightStream, _events);
        await using var straight = new StatefulRestartHarness(straightStream, Path.Combine(_dir, "straight"), s_everyFewBatches);
        straight.Feed.CompleteInput();
        await straight.RunAsync().WaitAsync(s_timeout);

        var stream = new EmbeddedStream(new EmbeddedStreamOptions { ShardCount = 1, ShardCapacity = 100_000 });
        await TestEvents.PutAsync(stream, _events.Take(_events.Count * 2 / 3));
        string dataDir = Path.Combine(_dir, "restarted");
        var failing = new ControlledSink(failOnCall: 19);
        await using (var first = new StatefulRestartHarness(stream, dataDir, s_everyFewBatches, failing))
        {
            await Assert.ThrowsAsync<IOException>(() => first.RunAsync().WaitAsync(s_timeout));
            Assert.True(first.State.Saves >= 2, $"state should have been saved before the failure (saves: {first.State.Saves})");

            // Windows and budgets were saved as items: every item once, then only the changed ones; the restart below resumes from base + deltas.
            Assert.Equal(1, first.State.FullItemSaves);
            Assert.True(first.State.LastSaveChangedItems > 0, "the last save before the failure should have written changed items");
        }

        await using var second = new StatefulRestartHarness(stream, dataDir, s_everyFewBatches);
        Task running = second.RunAsync();
        await TestEvents.PutAsync(stream, _events.Skip(_events.Count * 2 / 3));
        second.Feed.CompleteInput();
        await running.WaitAsync(s_timeout);

        Assert.Equal(_events.Count, second.Scores().Count);
        Assert.Equal(straight.Scores(), second.Scores());
        Assert.Equal(straight.Aggregates(), second.Aggregates());
        Assert.Equal(straight.AlertIds(), second.AlertIds());
        Assert.Contains(second.AlertIds(), id => id.StartsWith("budget", StringComparison.Ordinal));
        Assert.Equal(straight.Insight.Segments.Segmenter.Sizes().OrderBy(kv => kv.Key), second.Insight.Segments.Segmenter.Sizes().OrderBy(kv => kv.Key));
        Assert.Equal(straight.Insight.Categorize.Model.TrainingExamples, second.Insight.Categorize.Model.TrainingExamples);
    }

    [Fact]
    public async Task Restart_WithoutSavedState_StartsFromNothingAndResumesAfterTheCheckpoint()
    {
        var stream = new EmbeddedStream(new EmbeddedStreamOptions { ShardCount = 2, ShardCapacity = 100_000 });
        await TestEvents.PutAsync(stream, _events.Take(500));
        string dataDir = Path.Combine(_dir, "nostate");
        var off = new StateCheckpointOptions { Interval = TimeSpan.Zero };
        await using (var first = new StatefulRestartHarness(stream, dataDir, off))
        {
            first.Feed.CompleteInput();
            await first.RunAsync().WaitAsync(s_timeout);
            Assert.Equal(0, first.State.Saves);
        }

        await using var second = new StatefulRestartHarness(stream, dataDir, off);
        await TestEvents.PutAsync(stream, _events.Skip(500).Take(100));
        second.Feed.CompleteInput();
        await second.RunAsync().WaitAsync(s_timeout);
        Assert.Equal(600, second.Scores().Count);
        Assert.Equal(100, second.Pipeline.Counters.Processed);
        Assert.InRange(second.Insight.Categorize.Model.TrainingExamples, 1, 100);
    }

    [Fact]
    public async Task Restore_StateSavedWithOtherSegmentCount_FailsNamingTheSettingAndTheWayOut()
    {
        var stream = new EmbeddedStream(new EmbeddedStreamOptions { ShardCount = 1, ShardCapacity = 100_000 });
        await TestEvents.PutAsync(stream, _events.Take(300));
        string dataDir = Path.Combine(_dir, "mismatch");
        await using (var first = new StatefulRestartHarness(stream, dataDir, s_everyFewBatches))
        {
            first.Feed.CompleteInput();
            await first.RunAsync().WaitAsync(s_timeout);
        }

        using var store = new SqliteStore(dataDir);
        StateCheckpoint? saved = await new SqliteStateStore(store).LoadAsync(CancellationToken.None);
        Assert.NotNull(saved);
        Assert.Equal(["categorizer", "scorer", "windows", "budgets", "duplicates", "segments"], saved.Stages.Select(s => s.Name));
        var segments = new SegmentStage(new SegmentOptions { Clusters = 3 });
        var error = Assert.Throws<InvalidDataException>(() => segments.RestoreState(saved.Stages.Single(s => s.Name == "segments").Data, streamContinues: true));
        Assert.Contains("Clusters", error.Message, StringComparison.Ordinal);
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
