namespace StreamGuard.Aws.Keys.Wire;

/// <summary>Secrets Manager GetSecretValue request (secretsmanager.GetSecretValue): a secret name or ARN.</summary>
internal sealed record GetSecretValueRequest(string SecretId, string? VersionStage);
