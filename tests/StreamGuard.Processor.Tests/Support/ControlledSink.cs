using System.Collections.Concurrent;
using StreamGuard.Pipeline;
using StreamGuard.Runtime.Sinks;

namespace StreamGuard.Processor.Tests.Support;

/// <summary>A sink a test can hold shut, or make fail on a chosen batch.</summary>
internal sealed class ControlledSink : IBatchSink
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _firstCall = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _calls;

    public ControlledSink(bool startOpen = true, int failOnCall = 0)
    {
        FailOnCall = failOnCall;
        if (startOpen)
        {
            _open.SetResult();
        }
    }

    public int FailOnCall { get; }

    public ConcurrentQueue<RecordBatch> Accepted { get; } = new();

    public Task FirstCall => _firstCall.Task;

    public string Name => "controlled";

    public void Open() => _open.TrySetResult();

    public async Task WriteAsync(RecordBatch batch, CancellationToken cancellationToken)
    {
        int call = Interlocked.Increment(ref _calls);
        _firstCall.TrySetResult();
        await _open.Task.WaitAsync(cancellationToken);
        if (call == FailOnCall)
        {
            throw new IOException($"sink failure injected on call {call}");
        }

        Accepted.Enqueue(batch);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
