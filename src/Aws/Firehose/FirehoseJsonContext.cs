using System.Text.Json.Serialization;
using StreamGuard.Aws.Firehose.Wire;

namespace StreamGuard.Aws.Firehose;

/// <summary>Source-generated JSON for the Firehose wire types.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PutRecordBatchRequest))]
[JsonSerializable(typeof(PutRecordBatchResponse))]
internal sealed partial class FirehoseJsonContext : JsonSerializerContext;
