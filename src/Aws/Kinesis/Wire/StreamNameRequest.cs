namespace StreamGuard.Aws.Kinesis.Wire;

/// <summary>A request naming only the stream (DescribeStreamSummary).</summary>
internal sealed record StreamNameRequest(string StreamName);
