using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;
using StreamGuard.Core.Streaming.Embedded;
using StreamGuard.Pipeline;
using StreamGuard.Processor.Tests.Support;

namespace StreamGuard.Processor.Tests.Pipeline;

public sealed class OrderedShardsFeedTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task RunAsync_WriterPassesABlock_TakesItWithoutTheClockMoving()
    {
        // The clock never moves: a feed that slept between polls would never see the block.
        var time = new FakeTimeProvider();
        var stream = new EmbeddedStream(new EmbeddedStreamOptions { ShardCount = 1, ShardCapacity = 1_000 }, time);
        var feed = new OrderedShardsFeed(stream, new MemoryCheckpointStore(), new PipelineOptions { OrderedBlockSize = 10 }, time);
        var output = Channel.CreateBounded<RecordBatch>(16);
        using var cancel = new CancellationTokenSource(s_timeout * 3);
        Task running = feed.RunAsync(output.Writer, cancel.Token);

        for (long counter = 0; counter < 10; counter++)
        {
            await stream.AppendSequencedAsync("card-1", new byte[] { 1 }, counter, cancel.Token).WaitAsync(s_timeout);
        }

        Assert.False(output.Reader.TryPeek(out _), "a block was taken before the writer passed it");
        stream.AdvanceWrittenThrough(9);

        RecordBatch batch = await output.Reader.ReadAsync(cancel.Token).AsTask().WaitAsync(s_timeout);
        Assert.Equal(10, batch.Items.Count);

        await stream.AppendSequencedAsync("card-1", new byte[] { 2 }, 10, cancel.Token).WaitAsync(s_timeout);
        stream.AdvanceWrittenThrough(long.MaxValue);
        feed.CompleteInput();
        RecordBatch last = await output.Reader.ReadAsync(cancel.Token).AsTask().WaitAsync(s_timeout);
        Assert.Single(last.Items);
        await running.WaitAsync(s_timeout);
    }

    [Fact]
    public async Task RunAsync_StopReadingWhileWaiting_Ends()
    {
        var time = new FakeTimeProvider();
        var stream = new EmbeddedStream(new EmbeddedStreamOptions { ShardCount = 2, ShardCapacity = 1_000 }, time);
        var feed = new OrderedShardsFeed(stream, new MemoryCheckpointStore(), new PipelineOptions { OrderedBlockSize = 100 }, time);
        var output = Channel.CreateBounded<RecordBatch>(16);
        Task running = feed.RunAsync(output.Writer, CancellationToken.None);
        await stream.AppendSequencedAsync("card-1", new byte[] { 1 }, 0, CancellationToken.None).WaitAsync(s_timeout);
        stream.AdvanceWrittenThrough(0);

        feed.StopReading();

        await running.WaitAsync(s_timeout);
        Assert.False(output.Reader.TryPeek(out _));
    }
}
