using System.Text.Json.Serialization;
using StreamGuard.Aws.Kinesis.Wire;

namespace StreamGuard.Aws.Kinesis;

/// <summary>Source-generated JSON for the Kinesis wire types (AWS JSON 1.1 uses the PascalCase member names as they are).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CreateStreamRequest))]
[JsonSerializable(typeof(StreamNameRequest))]
[JsonSerializable(typeof(DescribeStreamSummaryResponse))]
[JsonSerializable(typeof(ListShardsRequest))]
[JsonSerializable(typeof(ListShardsResponse))]
[JsonSerializable(typeof(GetShardIteratorRequest))]
[JsonSerializable(typeof(GetShardIteratorResponse))]
[JsonSerializable(typeof(GetRecordsRequest))]
[JsonSerializable(typeof(GetRecordsResponse))]
[JsonSerializable(typeof(PutRecordsRequest))]
[JsonSerializable(typeof(PutRecordsResponse))]
[JsonSerializable(typeof(SplitShardRequest))]
internal sealed partial class KinesisJsonContext : JsonSerializerContext;
