using System.Collections.Concurrent;
using StreamGuard.Core.Streaming;

namespace StreamGuard.Processor.Tests.Support;

/// <summary>Checkpoints in memory, recording every save in order.</summary>
internal sealed class MemoryCheckpointStore : ICheckpointStore
{
    public ConcurrentDictionary<string, string> Checkpoints { get; } = new();

    public ConcurrentQueue<(string Shard, string Sequence)> Saves { get; } = new();

    public Task<string?> GetCheckpointAsync(string shardId, CancellationToken cancellationToken) =>
        Task.FromResult(Checkpoints.TryGetValue(shardId, out string? s) ? s : null);

    public Task SaveCheckpointAsync(string shardId, string sequenceNumber, CancellationToken cancellationToken)
    {
        Checkpoints[shardId] = sequenceNumber;
        Saves.Enqueue((shardId, sequenceNumber));
        return Task.CompletedTask;
    }
}
