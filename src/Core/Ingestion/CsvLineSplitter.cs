namespace StreamGuard.Core.Ingestion;

/// <summary>
/// Splits one RFC 4180 record into field ranges without allocating per field. A record whose
/// quotes are not closed continues on the next line: the caller appends it and splits again.
/// </summary>
internal static class CsvLineSplitter
{
    /// <returns>false when a quoted field is still open at the end of <paramref name="line"/>.</returns>
    public static bool TrySplit(string line, List<CsvField> fields)
    {
        fields.Clear();
        int i = 0;
        while (true)
        {
            if (i < line.Length && line[i] == '"')
            {
                int start = i + 1;
                bool escaped = false;
                int j = start;
                while (true)
                {
                    int q = line.IndexOf('"', j);
                    if (q < 0)
                    {
                        return false;
                    }

                    if (q + 1 < line.Length && line[q + 1] == '"')
                    {
                        escaped = true;
                        j = q + 2;
                        continue;
                    }

                    fields.Add(new CsvField(start, q - start, escaped));
                    i = q + 1;
                    break;
                }

                // Anything between the closing quote and the comma is kept out of the field.
                int comma = line.IndexOf(',', i);
                if (comma < 0)
                {
                    return true;
                }

                i = comma + 1;
            }
            else
            {
                int comma = line.IndexOf(',', i);
                if (comma < 0)
                {
                    fields.Add(new CsvField(i, line.Length - i, false));
                    return true;
                }

                fields.Add(new CsvField(i, comma - i, false));
                i = comma + 1;
            }
        }
    }
}

/// <summary>A field's place in its line; <see cref="Escaped"/> means it holds doubled quotes.</summary>
internal readonly record struct CsvField(int Start, int Length, bool Escaped)
{
    public ReadOnlySpan<char> Span(string line) => line.AsSpan(Start, Length);

    public string Text(string line)
    {
        string text = line.Substring(Start, Length);
        return Escaped ? text.Replace("\"\"", "\"", StringComparison.Ordinal) : text;
    }
}
