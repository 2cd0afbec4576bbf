namespace StreamGuard.Core.Ingestion;

/// <summary>
/// The one date layout files nearly always have ("yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd"), read digit
/// by digit: DateTime.TryParseExact with a list of formats was the CSV reader's largest single
/// cost. Anything else (other layouts, out-of-range parts) returns false and the caller falls back
/// to TryParseExact, which gives the same value for what this accepts.
/// </summary>
internal static class FixedDateText
{
    /// <summary>"yyyy-MM-dd HH:mm:ss" or "yyyy-MM-ddTHH:mm:ss", as UTC.</summary>
    public static bool TryParseDateTime(ReadOnlySpan<char> s, out DateTime value)
    {
        value = default;
        if (s.Length != 19 || s[10] is not (' ' or 'T') || s[13] != ':' || s[16] != ':'
            || !TryParseDate(s[..10], out DateOnly date)
            || !TryDigits(s.Slice(11, 2), out int hour) || !TryDigits(s.Slice(14, 2), out int minute) || !TryDigits(s.Slice(17, 2), out int second)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        value = new DateTime(date.Year, date.Month, date.Day, hour, minute, second, DateTimeKind.Utc);
        return true;
    }

    /// <summary>"yyyy-MM-dd".</summary>
    public static bool TryParseDate(ReadOnlySpan<char> s, out DateOnly value)
    {
        value = default;
        if (s.Length != 10 || s[4] != '-' || s[7] != '-'
            || !TryDigits(s[..4], out int year) || !TryDigits(s.Slice(5, 2), out int month) || !TryDigits(s.Slice(8, 2), out int day)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        value = new DateOnly(year, month, day);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        foreach (char c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
