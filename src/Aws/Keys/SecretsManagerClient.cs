using StreamGuard.Aws.Http;
using StreamGuard.Aws.Keys.Wire;

namespace StreamGuard.Aws.Keys;

/// <summary>
/// A thin AWS Secrets Manager client (GetSecretValue over AWS JSON 1.1, target secretsmanager, signing name
/// secretsmanager). Hand-written for one call, like <see cref="KmsClient"/>. The secret is returned to the
/// caller and never logged.
/// </summary>
public sealed class SecretsManagerClient
{
    private static readonly KeysJsonContext s_json = KeysJsonContext.Default;
    private readonly AwsJsonClient _client;

    public SecretsManagerClient(AwsClientContext context) => _client = new AwsJsonClient(context, AwsService.SecretsManager, "secretsmanager", "secretsmanager");

    public Uri Endpoint => _client.Endpoint;

    /// <summary>The secret's text (SecretString), or its binary value base64-encoded (SecretBinary).</summary>
    public async Task<string> GetSecretStringAsync(string secretId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(secretId);
        GetSecretValueResponse response = await _client.InvokeAsync(
            "GetSecretValue", new GetSecretValueRequest(secretId, null), s_json.GetSecretValueRequest, s_json.GetSecretValueResponse, cancellationToken).ConfigureAwait(false);
        return response switch
        {
            { SecretString: { Length: > 0 } text } => text,
            { SecretBinary: { Length: > 0 } binary } => Convert.ToBase64String(binary),
            _ => throw new AwsServiceException("Secrets Manager GetSecretValue answered neither SecretString nor SecretBinary."),
        };
    }
}
