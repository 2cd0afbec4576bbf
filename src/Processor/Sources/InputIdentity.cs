using System.Security.Cryptography;

namespace StreamGuard.Processor.Sources;

/// <summary>
/// What makes an input file the same input: its content (SHA-256), not its name. A file renamed
/// or copied is still the input that was consumed; a file edited in place is a new one.
/// </summary>
public sealed record InputIdentity(string Path, string Sha256, long Bytes)
{
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static InputIdentity Of(string path)
    {
        using FileStream stream = new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        byte[] hash = SHA256.HashData(stream);
        return new InputIdentity(System.IO.Path.GetFullPath(path), Convert.ToHexStringLower(hash), stream.Length);
    }
}
