namespace StreamGuard.Runtime.Composition;

/// <summary>
/// What an edge tells the shared stages about its stream. Embedded mode reads every shard, so the
/// window watermark waits for all of them; an aws worker's shards change as leases move, so its
/// watermark follows the shards it has seen (one).
/// </summary>
/// <param name="WatermarkShards">Shards the window watermark waits for.</param>
public sealed record PipelineShape(int WatermarkShards);
