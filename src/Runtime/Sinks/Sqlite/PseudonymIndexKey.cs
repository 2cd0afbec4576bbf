namespace StreamGuard.Runtime.Sinks.Sqlite;

/// <summary>
/// The small integer that stands for a card or customer pseudonym in the drill-down indexes of the
/// transactions table. Those indexes take a random place for every stored row, and with the 25-character
/// pseudonym as key each entry was about 41 bytes: at a few hundred thousand rows they outgrew the page
/// cache and every write group rewrote nearly all their pages. This key fits in 4 bytes, so the entries
/// are half as long. Several pseudonyms may share a key: a look-up always checks the text as well.
/// </summary>
public static class PseudonymIndexKey
{
    /// <summary>Hex digits of a pseudonym (after its "card_" or "cust_" prefix) that make the key: 28 bits, a 4-byte integer in SQLite.</summary>
    private const int Digits = 7;

    /// <summary>
    /// The key of <paramref name="id"/>. For a pseudonym ("domain_" then lowercase hex) the first
    /// <see cref="Digits"/> hex digits read as a number (0 or more), so pseudonyms in text order have keys
    /// in the same order and a typed prefix is a range (<see cref="RangeOf"/>). An id with no underscore
    /// or no hex digit right after its first one (never pseudonymized) gets a hash below 0.
    /// </summary>
    public static long Of(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        int underscore = id.IndexOf('_');
        ReadOnlySpan<char> rest = id.AsSpan(underscore + 1);
        int run = rest.IndexOfAnyExcept(s_lowerHex);
        ReadOnlySpan<char> hex = run < 0 ? rest : rest[..run];
        return underscore < 0 || hex.IsEmpty ? Hashed(id) : Pad(hex, '0');
    }

    /// <summary>
    /// The keys every id starting with <paramref name="prefix"/> can have, or null when the prefix does
    /// not reach the hex digits of a pseudonym (nothing narrows the search then).
    /// </summary>
    public static (long Low, long High)? RangeOf(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        int underscore = prefix.IndexOf('_');
        ReadOnlySpan<char> hex = prefix.AsSpan(underscore + 1);
        // Every id starting so has this run of hex digits first after the same underscore.
        if (underscore < 0 || hex.IsEmpty || hex.ContainsAnyExcept(s_lowerHex))
        {
            return null;
        }

        return (Pad(hex, '0'), Pad(hex, 'f'));
    }

    private static readonly System.Buffers.SearchValues<char> s_lowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    /// <summary>The first <see cref="Digits"/> hex digits, padded on the right with <paramref name="fill"/>.</summary>
    private static long Pad(ReadOnlySpan<char> hex, char fill)
    {
        long key = 0;
        for (int i = 0; i < Digits; i++)
        {
            char c = i < hex.Length ? hex[i] : fill;
            key = (key << 4) | (long)(c <= '9' ? c - '0' : c - 'a' + 10);
        }

        return key;
    }

    /// <summary>FNV-1a of the UTF-16 text, folded to 27 bits and made negative: never the key of a pseudonym, still 4 bytes.</summary>
    private static long Hashed(string id)
    {
        ulong hash = 14695981039346656037;
        foreach (char c in id)
        {
            hash = (hash ^ c) * 1099511628211;
        }

        return -1 - (long)((hash ^ (hash >> 32)) & 0x7FF_FFFF);
    }
}
