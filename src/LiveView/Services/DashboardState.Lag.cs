using StreamGuard.LiveView.Models;

namespace StreamGuard.LiveView.Services;

/// <summary>Shard lag: where the pipeline stands in each input shard (from the live updates) and the latest probe of the stream's tips.</summary>
public sealed partial class DashboardState
{
    private readonly Dictionary<string, string> _positions = new(StringComparer.Ordinal);
    private IReadOnlyList<ShardLag> _lag = [];

    /// <summary>The last sequence number processed in <paramref name="shardId"/>, when a batch of it has been seen.</summary>
    public string? ProcessedThrough(string shardId)
    {
        lock (_lock)
        {
            return _positions.GetValueOrDefault(shardId);
        }
    }

    public void SetShardLag(IReadOnlyList<ShardLag> lag)
    {
        lock (_lock)
        {
            _lag = lag;
        }
    }

    /// <summary>The latest shard lag probe (the /api/health/shards answer).</summary>
    public IReadOnlyList<ShardLag> CurrentShardLag()
    {
        lock (_lock)
        {
            return _lag;
        }
    }
}
