namespace StreamGuard.Privacy;

/// <summary>
/// The key that seals dead letters, separate from the pseudonym key: whoever may reverse
/// pseudonyms cannot open raw dead letters with the same secret, and the other way round.
/// From the environment (STREAMGUARD_SEALING_KEY) or, in embedded mode, a key file outside the data folder.
/// </summary>
public sealed class SealingKey
{
    public const string FileName = "sealing.key";

    private SealingKey(byte[] bytes, string origin)
    {
        Bytes = bytes;
        Origin = origin;
        Id = KeyMaterial.Id(bytes);
    }

    internal byte[] Bytes { get; }

    /// <summary>Where the key came from, safe to print.</summary>
    public string Origin { get; }

    public string Id { get; }

    public static SealingKey FromBase64(string base64, string origin) => new(KeyMaterial.Decode(base64, "Privacy:SealingKey", origin), origin);

    /// <summary>The configured key, or the key folder's own sealing key (created owner-only).</summary>
    public static SealingKey Resolve(string? configured, string keyDirectory)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return FromBase64(configured, "configuration");
        }

        string path = Path.Combine(keyDirectory, FileName);
        return FromBase64(KeyFile.ReadOrCreate(path, PseudonymKey.MinimumBytes), path);
    }
}
