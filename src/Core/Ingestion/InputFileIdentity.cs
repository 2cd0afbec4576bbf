using System.Security.Cryptography;

namespace StreamGuard.Core.Ingestion;

/// <summary>
/// Which input a dead letter came from: the file's full path and a hash of its content, so two
/// files (or two versions of one file) whose bad rows share a line number never share a key,
/// and the same file read again gives the same key.
/// </summary>
public sealed record InputFileIdentity(string FullPath, string ContentSha256)
{
    /// <summary>The dead-letter origin: <c>file:{path}#sha256={first 16 hex digits}</c>.</summary>
    public string Origin => $"file:{FullPath}#sha256={ContentSha256[..16]}";

    public static InputFileIdentity Of(string path)
    {
        string fullPath = Path.GetFullPath(path);
        using FileStream stream = new(fullPath, new FileStreamOptions { BufferSize = 1 << 16, Options = FileOptions.SequentialScan });
        return new InputFileIdentity(fullPath, Convert.ToHexStringLower(SHA256.HashData(stream)));
    }
}
