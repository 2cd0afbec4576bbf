using StreamGuard.Runtime.Hosting;

namespace StreamGuard.Aws.Tests.Workers;

/// <summary>A worker running in the test process; killing it cancels everything without handing its leases over.</summary>
public sealed class RunningWorker : IDisposable
{
    private readonly CancellationTokenSource _stop = new();

    public RunningWorker(string id, AwsWorker worker)
    {
        Id = id;
        Worker = worker;
        Task = Task.Run(async () =>
        {
            await worker.PrepareAsync(_stop.Token);
            await worker.RunAsync(_stop.Token);
        });
    }

    public string Id { get; }

    public AwsWorker Worker { get; }

    public Task Task { get; }

    public int LeaseCount => Worker.Coordinator.HeldShardIds.Count;

    /// <summary>Like a crash: no lease release, no final checkpoint.</summary>
    public async Task KillAsync()
    {
        if (Task.IsCompleted)
        {
            return;
        }

        await _stop.CancelAsync();
        try
        {
            await Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (OperationCanceledException)
        {
            // Expected: that is how a cancelled worker ends.
        }
    }

    public void Dispose() => _stop.Dispose();

    /// <summary>Fails the test if the worker stopped on its own with an error.</summary>
    public void ThrowIfFailed()
    {
        if (Task.IsFaulted)
        {
            throw new InvalidOperationException($"Worker {Id} failed.", Task.Exception);
        }
    }
}
