using StreamGuard.Core.Streaming;
using StreamGuard.Pipeline;
using StreamGuard.Processor.Tests.Support;

namespace StreamGuard.Processor.Tests.Pipeline;

public sealed class ProcessingPipelineTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Run_SinkHeldShut_ShardReaderStopsPullingAndNothingIsCheckpointed()
    {
        var sink = new ControlledSink(startOpen: false);
        var harness = new PipelineHarness(recordsPerRead: 100, channelCapacity: 1, sinks: sink);
        await TestEvents.PutAsync(harness.Stream, Enumerable.Range(0, 10_000).Select(i => TestEvents.Event(i)));
        using var cts = new CancellationTokenSource(s_timeout);
        Task run = harness.RunAsync(cts.Token);

        await sink.FirstCall.WaitAsync(s_timeout);
        // Give the reader every chance to run ahead; bounded channels must stop it.
        for (int i = 0; i < 50; i++)
        {
            await Task.Delay(10);
        }

        int pulledWhileBlocked = harness.Consumer.PagesRead;
        Assert.InRange(pulledWhileBlocked, 1, 2 * (harness.Pipeline.Counters.Batches + 6 + 2) + 2);
        Assert.True(pulledWhileBlocked < 100, $"the reader pulled {pulledWhileBlocked} of 100 pages while the sink was shut");
        Assert.Empty(harness.Checkpoints.Saves);

        sink.Open();
        harness.Feed.CompleteInput();
        await run.WaitAsync(s_timeout);

        Assert.Equal(10_000, harness.Pipeline.Counters.Processed);
        Assert.Equal(100, harness.Consumer.PagesRead);
        string last = (await harness.Stream.PutRecordsAsync([TestEvents.Entry(TestEvents.Event(99_999))], CancellationToken.None)).Records[0].SequenceNumber!;
        Assert.True(SequenceNumbers.Compare(harness.Checkpoints.Checkpoints.Values.Single(), last) < 0);
        Assert.Equal(100, harness.Checkpoints.Saves.Count);
    }

    [Fact]
    public async Task Run_SinkFailsOnThirdBatch_StopsAndCheckpointStaysAtSecondBatch()
    {
        var sink = new ControlledSink(failOnCall: 3);
        var harness = new PipelineHarness(recordsPerRead: 10, sinks: sink);
        await TestEvents.PutAsync(harness.Stream, Enumerable.Range(0, 100).Select(i => TestEvents.Event(i)));
        harness.Feed.CompleteInput();

        var failure = await Assert.ThrowsAsync<IOException>(() => harness.RunAsync()).WaitAsync(s_timeout);

        Assert.Contains("injected", failure.Message, StringComparison.Ordinal);
        RecordBatch[] accepted = sink.Accepted.ToArray();
        Assert.Equal(2, accepted.Length);
        Assert.Equal(accepted[1].LastSequenceNumber, harness.Checkpoints.Checkpoints.Values.Single());
        Assert.Equal(20, harness.Pipeline.Counters.Processed);
    }

    [Fact]
    public async Task Run_FromCheckpoint_ProcessesOnlyLaterRecords()
    {
        var sink = new ControlledSink();
        var harness = new PipelineHarness(recordsPerRead: 7, sinks: sink);
        PutRecordsResult put = await harness.Stream.PutRecordsAsync(Enumerable.Range(0, 50).Select(i => TestEvents.Entry(TestEvents.Event(i))).ToList(), CancellationToken.None);
        await harness.Checkpoints.SaveCheckpointAsync(put.Records[19].ShardId!, put.Records[19].SequenceNumber!, CancellationToken.None);
        harness.Feed.CompleteInput();

        await harness.RunAsync().WaitAsync(s_timeout);

        List<string> ids = sink.Accepted.SelectMany(b => b.Items).Select(i => i.Output!.TransactionId).ToList();
        Assert.Equal(Enumerable.Range(20, 30).Select(i => PipelineHarness.Keys.TransactionId($"tx-{i:D6}")), ids);
    }

    [Fact]
    public async Task Run_UndecodableAndInvalidRecords_AreDeadLetteredAndStillCheckpointed()
    {
        var sink = new ControlledSink();
        var harness = new PipelineHarness(sinks: sink);
        await harness.Stream.PutRecordsAsync(
        [
            new PutRecordEntry("k", "{not json"u8.ToArray()),
            TestEvents.Entry(TestEvents.Event(1) with { Currency = "dollars" }),
            TestEvents.Entry(TestEvents.Event(2)),
        ], CancellationToken.None);
        harness.Feed.CompleteInput();

        await harness.RunAsync().WaitAsync(s_timeout);

        PipelineItem[] items = sink.Accepted.SelectMany(b => b.Items).ToArray();
        Assert.Equal("decode", items[0].DeadLetter!.Stage);
        Assert.Contains("currency 'dollars'", items[1].DeadLetter!.Reason, StringComparison.Ordinal);
        Assert.True(items[2].IsLive);
        Assert.Equal(2, harness.Pipeline.Counters.DeadLettered);
        Assert.Equal(items[2].Record.SequenceNumber, harness.Checkpoints.Checkpoints.Values.Single());
    }
}
