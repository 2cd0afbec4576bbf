namespace StreamGuard.Insight.Windows;

/// <summary>Checks <see cref="WindowOptions"/> and names every bad setting at once.</summary>
public static class WindowOptionsValidator
{
    public static IReadOnlyList<string> Validate(WindowOptions options)
    {
        var errors = new List<string>();
        if (options.MaxOutOfOrderness < TimeSpan.Zero)
        {
            errors.Add($"Windows:MaxOutOfOrderness must not be negative (was {options.MaxOutOfOrderness}).");
        }

        if (options.AllowedLateness < TimeSpan.Zero)
        {
            errors.Add($"Windows:AllowedLateness must not be negative (was {options.AllowedLateness}).");
        }

        if (options.CalendarAllowedLateness < TimeSpan.Zero)
        {
            errors.Add($"Windows:CalendarAllowedLateness must not be negative (was {options.CalendarAllowedLateness}).");
        }

        if (options.ExpectedShards is < 1 or > 10_000)
        {
            errors.Add($"Windows:ExpectedShards must be between 1 and 10000 (was {options.ExpectedShards}).");
        }

        if (options.CorrectionRetention <= TimeSpan.Zero)
        {
            errors.Add($"Windows:CorrectionRetention must be positive (was {options.CorrectionRetention}).");
        }

        if (options.MaxTrackedTransactions < 1)
        {
            errors.Add($"Windows:MaxTrackedTransactions must be at least 1 (was {options.MaxTrackedTransactions}).");
        }

        if (options.CustomerWindows.Count + options.CategoryWindows.Count == 0)
        {
            errors.Add("Windows:CustomerWindows and Windows:CategoryWindows are both empty: no window would be kept.");
        }

        foreach (WindowSize size in options.CustomerWindows.Concat(options.CategoryWindows))
        {
            if (!Enum.IsDefined(size))
            {
                errors.Add($"Windows: unknown window size {(int)size}.");
            }
        }

        CheckZone(options.TimeZoneId, "Windows:TimeZoneId", errors);
        foreach ((string customer, string zone) in options.CustomerTimeZones)
        {
            CheckZone(zone, $"Windows:CustomerTimeZones[{customer}]", errors);
        }

        return errors;
    }

    /// <summary>Throws one exception listing every problem.</summary>
    public static void ThrowIfInvalid(WindowOptions options)
    {
        IReadOnlyList<string> errors = Validate(options);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }
    }

    internal static void CheckZone(string zone, string setting, List<string> errors)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            errors.Add($"{setting}: unknown time zone '{zone}' (use an IANA id such as 'America/New_York').");
        }
    }
}
