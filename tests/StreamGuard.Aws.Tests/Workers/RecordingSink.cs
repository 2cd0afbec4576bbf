using StreamGuard.Pipeline;
using StreamGuard.Runtime.Sinks;

namespace StreamGuard.Aws.Tests.Workers;

/// <summary>Remembers the order in which batches reached the sinks, across workers.</summary>
public sealed class RecordingSink : IBatchSink
{
    private readonly List<(string Worker, string ShardId, int Records)> _batches = [];
    private readonly string _worker;

    private RecordingSink(string worker, List<(string, string, int)> shared)
    {
        _worker = worker;
        _batches = shared;
    }

    public static List<(string Worker, string ShardId, int Records)> NewLog() => [];

    public static RecordingSink For(string worker, List<(string Worker, string ShardId, int Records)> log) => new(worker, log);

    public string Name => "recording";

    public Task WriteAsync(RecordBatch batch, CancellationToken cancellationToken)
    {
        lock (_batches)
        {
            _batches.Add((_worker, batch.ShardId, batch.Items.Count));
        }

        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
