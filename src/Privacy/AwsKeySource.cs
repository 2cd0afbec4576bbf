using StreamGuard.Core;
using StreamGuard.Aws;
using StreamGuard.Aws.Keys;

namespace StreamGuard.Privacy;

/// <summary>
/// aws mode's privacy keys from AWS instead of the environment: each key from a Secrets Manager secret
/// (its SecretString is the base64 key; or SecretBinary the raw key) or from a KMS-encrypted data key
/// (GenerateDataKey's CiphertextBlob, base64, decrypted with KMS Decrypt). The references are not secrets
/// (only a caller allowed by IAM gets the key), so they may sit in configuration; the keys themselves
/// never do. A key fetched is checked like any other (base64, at least 32 bytes) and never logged.
/// </summary>
public static class AwsKeySource
{
    public const string PseudonymKeySecretIdSetting = "StreamGuard:Privacy:PseudonymKeySecretId";
    public const string PseudonymKeyKmsCiphertextSetting = "StreamGuard:Privacy:PseudonymKeyKmsCiphertext";
    public const string SealingKeySecretIdSetting = "StreamGuard:Privacy:SealingKeySecretId";
    public const string SealingKeyKmsCiphertextSetting = "StreamGuard:Privacy:SealingKeyKmsCiphertext";

    /// <summary>The configuration entries to add (StreamGuard:Privacy:PseudonymKey, :SealingKey) for the keys the references name.</summary>
    /// <param name="setting">Reads a configuration value by its full name.</param>
    public static async Task<IReadOnlyDictionary<string, string?>> ResolveAsync(Func<string, string?> setting, Func<AwsClientContext> context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(setting);
        ArgumentNullException.ThrowIfNull(context);
        var keys = new Dictionary<string, string?>(StringComparer.Ordinal);
        AwsClientContext? aws = null;
        try
        {
            await ResolveEachAsync(setting, () => aws ??= context(), keys, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            aws?.Dispose();
        }

        return keys;
    }

    private static async Task ResolveEachAsync(Func<string, string?> setting, Func<AwsClientContext> aws, Dictionary<string, string?> keys, CancellationToken cancellationToken)
    {
        foreach ((string target, string secretSetting, string kmsSetting) in new[]
        {
            ("StreamGuard:Privacy:PseudonymKey", PseudonymKeySecretIdSetting, PseudonymKeyKmsCiphertextSetting),
            ("StreamGuard:Privacy:SealingKey", SealingKeySecretIdSetting, SealingKeyKmsCiphertextSetting),
        })
        {
            string? secretId = Blank(setting(secretSetting));
            string? ciphertext = Blank(setting(kmsSetting));
            if (secretId is not null && ciphertext is not null)
            {
                throw new UserErrorException($"Set {secretSetting} or {kmsSetting}, not both.");
            }

            if (secretId is null && ciphertext is null)
            {
                continue;
            }

            string key;
            try
            {
                key = await FetchAsync(aws(), secretId, ciphertext, kmsSetting, cancellationToken).ConfigureAwait(false);

                // The same check as a key from the environment: base64, long enough; the message names where it came from, not the key.
                _ = KeyMaterial.Decode(key, target["StreamGuard:".Length..], secretId is not null ? secretSetting : kmsSetting);
            }
            catch (Exception e) when (e is AwsServiceException or InvalidOperationException)
            {
                throw new UserErrorException($"The key named by {(secretId is not null ? secretSetting : kmsSetting)} could not be used: {e.Message}");
            }

            keys[target] = key;
        }
    }

    private static async Task<string> FetchAsync(AwsClientContext aws, string? secretId, string? ciphertext, string kmsSetting, CancellationToken cancellationToken)
    {
        if (secretId is not null)
        {
            return (await new SecretsManagerClient(aws).GetSecretStringAsync(secretId, cancellationToken).ConfigureAwait(false)).Trim();
        }

        byte[] blob;
        try
        {
            blob = Convert.FromBase64String(ciphertext!);
        }
        catch (FormatException)
        {
            throw new UserErrorException($"{kmsSetting} is not base64 (the CiphertextBlob of a KMS data key).");
        }

        return Convert.ToBase64String(await new KmsClient(aws).DecryptAsync(blob, null, cancellationToken).ConfigureAwait(false));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
