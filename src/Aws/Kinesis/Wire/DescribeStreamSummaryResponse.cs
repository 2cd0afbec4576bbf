namespace StreamGuard.Aws.Kinesis.Wire;

/// <summary>Kinesis DescribeStreamSummary response.</summary>
internal sealed record DescribeStreamSummaryResponse(StreamDescriptionSummary StreamDescriptionSummary);
