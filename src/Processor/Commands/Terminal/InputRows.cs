namespace StreamGuard.Processor.Commands.Terminal;

/// <summary>How many records an input holds, for a progress total: data lines of a CSV; unknown (null) for JSON and compressed files.</summary>
internal static class InputRows
{
    public static long? Count(string path)
    {
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            // Counting would mean decompressing the whole file once more: the total stays unknown.
            return null;
        }

        using FileStream stream = new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, FileOptions.SequentialScan);
        var buffer = new byte[1 << 16];
        long lines = 0;
        bool sawData = false;
        byte last = (byte)'\n';
        int read;
        bool first = true;
        while ((read = stream.Read(buffer)) > 0)
        {
            if (first)
            {
                int i = 0;
                while (i < read && (buffer[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF))
                {
                    i++;
                }

                if (i < read && buffer[i] is (byte)'[' or (byte)'{')
                {
                    return null;
                }

                first = false;
            }

            Span<byte> span = buffer.AsSpan(0, read);
            lines += span.Count((byte)'\n');
            sawData = true;
            last = span[^1];
        }

        if (sawData && last != (byte)'\n')
        {
            lines++;
        }

        // The header line is not a record.
        return Math.Max(0, lines - 1);
    }
}
