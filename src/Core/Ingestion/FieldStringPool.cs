namespace StreamGuard.Core.Ingestion;

/// <summary>
/// Equal field values as one string: a file repeats its cards, merchants, categories and each
/// customer's details on every row, so the reader looks a field up by its characters and allocates
/// a string only the first time. Bounded (cleared when full, like the other per-value caches) and
/// owned by one reader, so not thread-safe.
/// </summary>
internal sealed class FieldStringPool
{
    private const int MaxEntries = 200_000;
    private const int MaxPooledLength = 128;
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _bySpan;

    public FieldStringPool() => _bySpan = _strings.GetAlternateLookup<ReadOnlySpan<char>>();

    public string Get(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return "";
        }

        if (value.Length > MaxPooledLength)
        {
            return new string(value);
        }

        if (_bySpan.TryGetValue(value, out string? pooled))
        {
            return pooled;
        }

        if (_strings.Count >= MaxEntries)
        {
            _strings.Clear();
        }

        string text = new(value);
        _strings[text] = text;
        return text;
    }
}
