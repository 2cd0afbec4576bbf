using System.Collections.Frozen;

namespace StreamGuard.Insight.Categorization;

/// <summary>
/// Reduces raw bank merchant text ("SQ *BLUE BOTTLE #0421 SAN FRANCISCO") to the words that name the
/// merchant ("BLUE BOTTLE SAN FRANCISCO"): upper case, letters only, without payment-processor
/// prefixes, store numbers or reference codes. Allocation-free into a caller's buffer.
/// </summary>
public static class MerchantTextNormalizer
{
    /// <summary>Enough for any merchant text worth reading; the rest is cut.</summary>
    public const int MaxLength = 96;

    // Processor, terminal and legal-form words: they say how a charge was made, not where.
    private static readonly FrozenSet<string> s_noise = new[]
    {
        "SQ", "TST", "POS", "PAYPAL", "PP", "SP", "DD", "DEBIT", "CREDIT", "PURCHASE", "CHECKCARD", "CARD", "VISA",
        "MC", "ACH", "WWW", "COM", "INC", "LLC", "LTD", "CO", "CORP", "RECURRING", "PMT", "PYMT", "PAYMENT", "FRAUD",
        "IN", "AUTH", "PENDING", "ONLINE", "BILL", "PAY", "INTL", "USA", "US", "THE", "AND", "OF", "APLPAY", "GOOGLE",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> s_noiseLookup = s_noise.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Writes the normalised text to <paramref name="destination"/> and returns its length.</summary>
    public static int Normalize(ReadOnlySpan<char> raw, Span<char> destination)
    {
        Span<char> token = stackalloc char[MaxLength];
        int written = 0;
        int i = 0;
        while (i < raw.Length && written < destination.Length)
        {
            while (i < raw.Length && !char.IsAsciiLetterOrDigit(raw[i]) && raw[i] != '\'')
            {
                i++;
            }

            int length = 0;
            bool hasDigit = false;
            while (i < raw.Length && (char.IsAsciiLetterOrDigit(raw[i]) || raw[i] == '\''))
            {
                char ch = raw[i++];
                if (ch == '\'')
                {
                    continue;
                }

                hasDigit |= char.IsAsciiDigit(ch);
                if (length < token.Length)
                {
                    token[length++] = char.ToUpperInvariant(ch);
                }
            }

            ReadOnlySpan<char> word = token[..length];
            if (length < 2 || hasDigit || s_noiseLookup.Contains(word))
            {
                continue;
            }

            if (written > 0 && written < destination.Length)
            {
                destination[written++] = ' ';
            }

            int take = Math.Min(word.Length, destination.Length - written);
            word[..take].CopyTo(destination[written..]);
            written += take;
        }

        return written;
    }

    /// <summary>The normalised text as a string (for tests and tools; the hot path uses the span overload).</summary>
    public static string Normalize(string raw)
    {
        Span<char> buffer = stackalloc char[MaxLength];
        return new string(buffer[..Normalize(raw, buffer)]);
    }
}
