using StreamGuard.Insight.Windows;

namespace StreamGuard.Insight.Segments;

/// <summary>Checks <see cref="SegmentOptions"/> and names every bad setting at once.</summary>
public static class SegmentOptionsValidator
{
    public static IReadOnlyList<string> Validate(SegmentOptions options)
    {
        var errors = new List<string>();
        if (options.Clusters is < 1 or > 64)
        {
            errors.Add($"Segments:Clusters must be between 1 and 64 (was {options.Clusters}).");
        }

        if (options.MinTransactions < 1)
        {
            errors.Add($"Segments:MinTransactions must be at least 1 (was {options.MinTransactions}).");
        }

        if (options.ReassignEvery < 1)
        {
            errors.Add($"Segments:ReassignEvery must be at least 1 (was {options.ReassignEvery}).");
        }

        if (!(options.ProfileSmoothing is > 0 and <= 1))
        {
            errors.Add($"Segments:ProfileSmoothing must be in (0, 1] (was {options.ProfileSmoothing}).");
        }

        if (!(options.MinLearningRate is > 0 and <= 1))
        {
            errors.Add($"Segments:MinLearningRate must be in (0, 1] (was {options.MinLearningRate}).");
        }

        if (options.NightStartHour is < 0 or > 23 || options.NightEndHour is < 0 or > 23)
        {
            errors.Add($"Segments:NightStartHour/NightEndHour must be hours 0-23 (were {options.NightStartHour}/{options.NightEndHour}).");
        }

        if (options.MaxCustomers < 1)
        {
            errors.Add($"Segments:MaxCustomers must be at least 1 (was {options.MaxCustomers}).");
        }

        WindowOptionsValidator.CheckZone(options.TimeZoneId, "Segments:TimeZoneId", errors);
        return errors;
    }

    public static void ThrowIfInvalid(SegmentOptions options)
    {
        IReadOnlyList<string> errors = Validate(options);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }
    }
}
