namespace StreamGuard.Aws.Keys.Wire;

/// <summary>Secrets Manager GetSecretValue response: the secret as text or as binary (base64 on the wire).</summary>
internal sealed record GetSecretValueResponse(string? ARN, string? Name, string? VersionId, string? SecretString, byte[]? SecretBinary);
