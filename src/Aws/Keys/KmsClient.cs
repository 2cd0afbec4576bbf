using StreamGuard.Aws.Http;
using StreamGuard.Aws.Keys.Wire;

namespace StreamGuard.Aws.Keys;

/// <summary>
/// A thin AWS KMS client (Decrypt over AWS JSON 1.1, target TrentService, signing name kms), for data keys
/// made with GenerateDataKey and kept only as ciphertext. Hand-written like the other clients:
/// AWSSDK.KeyManagementService would add a package for one call the shared signed transport already makes.
/// The plaintext is returned to the caller and never logged.
/// </summary>
public sealed class KmsClient
{
    private static readonly KeysJsonContext s_json = KeysJsonContext.Default;
    private readonly AwsJsonClient _client;

    public KmsClient(AwsClientContext context) => _client = new AwsJsonClient(context, AwsService.Kms, "kms", "TrentService");

    public Uri Endpoint => _client.Endpoint;

    /// <summary>Decrypts a ciphertext blob (e.g. a data key); <paramref name="keyId"/> may pin the KMS key expected to have made it.</summary>
    public async Task<byte[]> DecryptAsync(byte[] ciphertextBlob, string? keyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ciphertextBlob);
        if (ciphertextBlob.Length == 0)
        {
            throw new ArgumentException("The ciphertext blob is empty.", nameof(ciphertextBlob));
        }

        DecryptResponse response = await _client.InvokeAsync("Decrypt", new DecryptRequest(ciphertextBlob, keyId), s_json.DecryptRequest, s_json.DecryptResponse, cancellationToken).ConfigureAwait(false);
        return response.Plaintext is { Length: > 0 } plaintext
            ? plaintext
            : throw new AwsServiceException("KMS Decrypt answered no plaintext.");
    }
}
