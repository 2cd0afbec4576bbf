using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using StreamGuard.Core.Streaming;
using StreamGuard.Core.Streaming.Embedded;
using StreamGuard.Pipeline;

namespace StreamGuard.Processor.Tests.Pipeline;

/// <summary>A shard reader whose iterator expires while the stages hold it back reads on from the last record it took: nothing lost, nothing twice.</summary>
public sealed class ShardReaderExpiryTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    private sealed class NoCheckpoints : ICheckpointStore
    {
        public Task<string?> GetCheckpointAsync(string shardId, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

        public Task SaveCheckpointAsync(string shardId, string sequenceNumber, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [Fact]
    public async Task RunAsync_IteratorExpiresWhileOutputIsFull_ReadsEveryRecordOnceInOrder()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-01T00:00:00Z", CultureInfo.InvariantCulture));
        var stream = new EmbeddedStream(new EmbeddedStreamOptions { ShardCount = 1 }, time);
        PutRecordEntry[] entries = [.. Enumerable.Range(0, 10).Select(i => new PutRecordEntry("card-1", Encoding.UTF8.GetBytes(i.ToString(CultureInfo.InvariantCulture))))];
        PutRecordsResult put = await stream.PutRecordsAsync(entries, CancellationToken.None).WaitAsync(s_timeout);
        string shardId = put.Records[0].ShardId!;
        var output = Channel.CreateBounded<RecordBatch>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.Wait });
        var reader = new ShardReader(stream, new NoCheckpoints(), new PipelineOptions { RecordsPerRead = 3 }, time, NullLogger.Instance);

        // The input is complete: the reader drains at its first empty read instead of polling.
        Task<bool> run = reader.RunAsync(shardId, output.Writer, () => true, CancellationToken.None);
        var read = new List<string>();
        RecordBatch first = await output.Reader.ReadAsync().AsTask().WaitAsync(s_timeout);
        read.AddRange(first.Items.Select(i => Encoding.UTF8.GetString(i.Record.Data.Span)));
        // The reader now holds the second page, waiting for room; its next iterator expires meanwhile.
        await WaitUntilAsync(() => output.Reader.Count == 1);
        time.Advance(EmbeddedStream.IteratorLifetime + TimeSpan.FromMinutes(1));
        await foreach (RecordBatch batch in ReadAllAsync(output.Reader, run))
        {
            read.AddRange(batch.Items.Select(i => Encoding.UTF8.GetString(i.Record.Data.Span)));
        }

        Assert.False(await run.WaitAsync(s_timeout));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i.ToString(CultureInfo.InvariantCulture)), read);
    }

    private static async IAsyncEnumerable<RecordBatch> ReadAllAsync(ChannelReader<RecordBatch> reader, Task run)
    {
        while (true)
        {
            if (reader.TryRead(out RecordBatch? batch))
            {
                yield return batch;
                continue;
            }

            if (run.IsCompleted)
            {
                yield break;
            }

            await Task.WhenAny(reader.WaitToReadAsync().AsTask(), run).WaitAsync(s_timeout);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var cts = new CancellationTokenSource(s_timeout);
        while (!condition())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(5), cts.Token);
        }
    }
}
