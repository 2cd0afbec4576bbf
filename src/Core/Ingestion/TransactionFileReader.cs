using System.IO.Compression;

namespace StreamGuard.Core.Ingestion;

/// <summary>Opens a transactions file in whichever supported format it is (Sparkov CSV or Plaid JSON), gzip-compressed when its name ends in .gz.</summary>
public static class TransactionFileReader
{
    /// <param name="identity">The file's identity when the caller has it already (it hashes the whole file).</param>
    public static IEnumerable<ReadOutcome> Read(string path, InputFileIdentity? identity = null)
    {
        if (!File.Exists(path))
        {
            throw new InputFormatException($"Input file '{path}' does not exist.");
        }

        return KeyedByFile(path, identity?.Origin, LooksLikeJson(path) ? ReadPlaid(path) : ReadCsv(path));
    }

    /// <summary>Dead letters get the file's identity as their origin (hashed once, at the first one: clean files cost nothing).</summary>
    private static IEnumerable<ReadOutcome> KeyedByFile(string path, string? origin, IEnumerable<ReadOutcome> outcomes)
    {
        foreach (ReadOutcome outcome in outcomes)
        {
            if (outcome.DeadLetter is { } deadLetter)
            {
                origin ??= InputFileIdentity.Of(path).Origin;
                yield return ReadOutcome.Failed(deadLetter with { Origin = origin });
                continue;
            }

            yield return outcome;
        }
    }

    private static bool LooksLikeJson(string path)
    {
        string name = IsGzip(path) ? path[..^3] : path;
        if (name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        using var reader = new StreamReader(Open(path));
        int ch;
        while ((ch = reader.Read()) >= 0 && (char.IsWhiteSpace((char)ch) || ch == '\uFEFF'))
        {
        }

        return ch is '[' or '{';
    }

    private static IEnumerable<ReadOutcome> ReadCsv(string path)
    {
        using var reader = new StreamReader(Open(path), bufferSize: 1 << 16);
        foreach (ReadOutcome outcome in new SparkovCsvReader(Path.GetFileName(path)).Read(reader))
        {
            yield return outcome;
        }
    }

    private static IEnumerable<ReadOutcome> ReadPlaid(string path)
    {
        using Stream stream = Open(path);
        foreach (ReadOutcome outcome in new PlaidJsonReader(Path.GetFileName(path)).Read(stream))
        {
            yield return outcome;
        }
    }

    private static bool IsGzip(string path) => path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);

    private static Stream Open(string path)
    {
        var file = new FileStream(path, new FileStreamOptions { BufferSize = 1 << 16, Options = FileOptions.SequentialScan });
        return IsGzip(path) ? new GZipStream(file, CompressionMode.Decompress) : file;
    }
}
