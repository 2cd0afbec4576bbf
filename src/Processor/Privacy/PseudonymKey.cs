using System.Security.Cryptography;

namespace StreamGuard.Processor.Privacy;

/// <summary>
/// The secret behind every pseudonym. It comes from configuration (the environment) or, in embedded
/// mode only, from a key file the data folder keeps, created on first use.
/// </summary>
public sealed class PseudonymKey
{
    public const int MinimumBytes = 32;
    public const string FileName = "pseudonym.key";

    private PseudonymKey(byte[] bytes, string origin)
    {
        Bytes = bytes;
        Origin = origin;
        Id = Convert.ToHexStringLower(SHA256.HashData(bytes))[..8];
    }

    internal byte[] Bytes { get; }

    /// <summary>Where the key came from, safe to print ("configuration" or the key file's path).</summary>
    public string Origin { get; }

    /// <summary>A short fingerprint naming the key without revealing it, so outputs can say which key made them.</summary>
    public string Id { get; }

    public static PseudonymKey FromBase64(string base64, string origin)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException($"Privacy:PseudonymKey ({origin}) is not valid base64.", e);
        }

        if (bytes.Length < MinimumBytes)
        {
            throw new InvalidOperationException($"Privacy:PseudonymKey ({origin}) has {bytes.Length} bytes; at least {MinimumBytes} are needed.");
        }

        return new PseudonymKey(bytes, origin);
    }

    /// <summary>The configured key, or the data folder's own key (created with owner-only permissions).</summary>
    public static PseudonymKey Resolve(string? configured, string dataDirectory)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return FromBase64(configured, "configuration");
        }

        string path = Path.Combine(dataDirectory, FileName);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(dataDirectory);
            string fresh = Convert.ToBase64String(RandomNumberGenerator.GetBytes(MinimumBytes));
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            try
            {
                using var writer = new StreamWriter(path, options);
                writer.Write(fresh);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first: use theirs.
            }
        }

        return FromBase64(File.ReadAllText(path), path);
    }
}
