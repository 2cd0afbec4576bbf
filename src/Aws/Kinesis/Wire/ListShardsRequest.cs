namespace StreamGuard.Aws.Kinesis.Wire;

/// <summary>Kinesis ListShards request: StreamName on the first page, NextToken alone afterwards.</summary>
internal sealed record ListShardsRequest(string? StreamName, string? NextToken, int? MaxResults);
