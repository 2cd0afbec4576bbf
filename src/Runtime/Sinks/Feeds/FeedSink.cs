using StreamGuard.Core.Streaming;
using StreamGuard.Pipeline;

namespace StreamGuard.Runtime.Sinks.Feeds;

/// <summary>
/// Writes one output over a writer, whatever the mode: the selector picks the lines of each batch,
/// the buffer groups them by event hour, and the objects are named by the batch's record range.
/// With a writer that reads marks (the local folder), records at or below a shard's mark are not
/// written again, so a replay with other batch boundaries adds no line twice; with S3 the same range
/// overwrites the same keys. An appending writer (the local folder in embedded mode) takes each
/// batch's objects at once and adds them to the open file of their hour instead.
/// </summary>
public sealed class FeedSink : IBatchSink
{
    private readonly IFeedWriter _writer;
    private readonly FeedSelector _select;
    private readonly FeedBuffer _buffer;
    private readonly FeedView _view = new();
    private Dictionary<string, string>? _marks;

    public FeedSink(string output, IFeedWriter writer, FeedSelector select, int maxObjectBytes = FeedBuffer.DefaultMaxObjectBytes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(output);
        Output = output;
        _writer = writer;
        _select = select;
        _buffer = new FeedBuffer(maxObjectBytes);
    }

    public string Output { get; }

    public string Name => Output;

    public IFeedWriter Writer => _writer;

    /// <summary>The highest sequence number of <paramref name="shardId"/> this output holds, or null.</summary>
    public string? MarkOf(string shardId) => _marks?.GetValueOrDefault(shardId);

    public async Task WriteAsync(RecordBatch batch, CancellationToken cancellationToken)
    {
        if (batch.Items.Count == 0)
        {
            return;
        }

        _marks ??= new Dictionary<string, string>(await _writer.ReadMarksAsync(Output, cancellationToken).ConfigureAwait(false), StringComparer.Ordinal);
        int first = FirstAfter(batch, _marks.GetValueOrDefault(batch.ShardId));
        if (first == batch.Items.Count)
        {
            return;
        }

        _view.Reset(batch, first);
        try
        {
            _select(_view, _buffer);
            string firstSequence = batch.Items[first].Record.SequenceNumber;
            IReadOnlyList<FeedObject> objects = _buffer.Drain(Output, (part, parts) => FeedKeys.Name(batch.ShardId, firstSequence, batch.LastSequenceNumber, part, parts));
            if (_writer is IAppendingFeedWriter appending)
            {
                await appending.AppendAsync(Output, batch.ShardId, firstSequence, batch.LastSequenceNumber, objects, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                foreach (FeedObject feedObject in objects)
                {
                    await _writer.WriteAsync(feedObject, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _buffer.Clear();
        }

        _marks[batch.ShardId] = batch.LastSequenceNumber;
    }

    // The first record of the batch above what the output already holds (Count when it holds them all).
    private static int FirstAfter(RecordBatch batch, string? mark)
    {
        int i = 0;
        while (mark is not null && i < batch.Items.Count && SequenceNumbers.Compare(batch.Items[i].Record.SequenceNumber, mark) <= 0)
        {
            i++;
        }

        return i;
    }

    public ValueTask DisposeAsync()
    {
        (_writer as IAppendingFeedWriter)?.Close(Output);
        _buffer.Dispose();
        return ValueTask.CompletedTask;
    }
}
