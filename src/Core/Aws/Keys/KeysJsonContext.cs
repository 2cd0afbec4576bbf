using System.Text.Json.Serialization;
using StreamGuard.Core.Aws.Keys.Wire;

namespace StreamGuard.Core.Aws.Keys;

/// <summary>Source-generated JSON for the KMS and Secrets Manager wire types.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DecryptRequest))]
[JsonSerializable(typeof(DecryptResponse))]
[JsonSerializable(typeof(GetSecretValueRequest))]
[JsonSerializable(typeof(GetSecretValueResponse))]
internal sealed partial class KeysJsonContext : JsonSerializerContext;
