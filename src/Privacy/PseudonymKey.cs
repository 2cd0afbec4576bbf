namespace StreamGuard.Privacy;

/// <summary>
/// The secret behind every pseudonym. It comes from the environment (STREAMGUARD_PSEUDONYM_KEY) or,
/// in embedded mode only, from a key file outside the data folder, created on first use.
/// </summary>
public sealed class PseudonymKey
{
    public const int MinimumBytes = KeyMaterial.MinimumBytes;
    public const string FileName = "pseudonym.key";

    private PseudonymKey(byte[] bytes, string origin)
    {
        Bytes = bytes;
        Origin = origin;
        Id = KeyMaterial.Id(bytes);
    }

    internal byte[] Bytes { get; }

    /// <summary>Where the key came from, safe to print ("configuration" or the key file's path).</summary>
    public string Origin { get; }

    /// <summary>A short fingerprint naming the key without revealing it, so outputs can say which key made them.</summary>
    public string Id { get; }

    public static PseudonymKey FromBase64(string base64, string origin) => new(KeyMaterial.Decode(base64, "Privacy:PseudonymKey", origin), origin);

    /// <summary>
    /// The configured key, or the key folder's own key (created owner-only, refused if group or
    /// others can read it). A key an earlier version kept inside the data folder is moved out.
    /// </summary>
    public static PseudonymKey Resolve(string? configured, string dataDirectory, string? keyDirectory = null)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return FromBase64(configured, "configuration");
        }

        string folder = KeyFile.Directory(dataDirectory, keyDirectory);
        string path = Path.Combine(folder, FileName);
        string legacy = Path.Combine(dataDirectory, FileName);
        if (!File.Exists(path) && File.Exists(legacy))
        {
            KeyFile.EnsureFolder(folder);
            File.Move(legacy, path);
        }

        return FromBase64(KeyFile.ReadOrCreate(path, MinimumBytes), path);
    }
}
