using System.Text.Json.Serialization;
using StreamGuard.Aws.Keys.Wire;

namespace StreamGuard.Aws.Keys;

/// <summary>Source-generated JSON for the KMS and Secrets Manager wire types.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DecryptRequest))]
[JsonSerializable(typeof(DecryptResponse))]
[JsonSerializable(typeof(GetSecretValueRequest))]
[JsonSerializable(typeof(GetSecretValueResponse))]
internal sealed partial class KeysJsonContext : JsonSerializerContext;
