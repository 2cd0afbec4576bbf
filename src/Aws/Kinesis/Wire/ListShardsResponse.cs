namespace StreamGuard.Aws.Kinesis.Wire;

/// <summary>Kinesis ListShards response; NextToken is absent on the last page (and always on kinesalite).</summary>
internal sealed record ListShardsResponse(List<WireShard>? Shards, string? NextToken);
