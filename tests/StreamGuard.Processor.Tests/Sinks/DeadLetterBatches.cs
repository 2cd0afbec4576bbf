using System.Globalization;
using StreamGuard.Core.Model;
using StreamGuard.Core.Streaming;
using StreamGuard.Pipeline;

namespace StreamGuard.Processor.Tests.Sinks;

/// <summary>Dead letters as the pipeline hands them to a sink: items of a batch read from a shard, one stream record each.</summary>
internal static class DeadLetterBatches
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    /// <summary>Writes the dead letters as one batch at sequence numbers from <paramref name="firstSequence"/>, and flushes.</summary>
    public static async Task WriteAsync(IGroupCommitSink sink, IReadOnlyList<DeadLetter> deadLetters, long firstSequence = 1, string shardId = "shardId-000000000000")
    {
        var items = new List<PipelineItem>(deadLetters.Count);
        for (int i = 0; i < deadLetters.Count; i++)
        {
            var record = new StreamRecord((firstSequence + i).ToString(CultureInfo.InvariantCulture), "dead-letter", ReadOnlyMemory<byte>.Empty, DateTimeOffset.UnixEpoch);
            items.Add(new PipelineItem(record) { DeadLetter = deadLetters[i] });
        }

        await sink.WriteAsync(new RecordBatch(shardId, items), CancellationToken.None).WaitAsync(s_timeout);
        await sink.FlushAsync(CancellationToken.None).WaitAsync(s_timeout);
    }
}
