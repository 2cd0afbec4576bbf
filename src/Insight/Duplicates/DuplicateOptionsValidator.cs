namespace StreamGuard.Insight.Duplicates;

/// <summary>Checks <see cref="DuplicateOptions"/> and names every bad setting at once.</summary>
public static class DuplicateOptionsValidator
{
    public static IReadOnlyList<string> Validate(DuplicateOptions options)
    {
        var errors = new List<string>();
        if (options.Window <= TimeSpan.Zero)
        {
            errors.Add($"Duplicates:Window must be positive (was {options.Window}).");
        }

        if (options.MaxTracked < 1)
        {
            errors.Add($"Duplicates:MaxTracked must be at least 1 (was {options.MaxTracked}).");
        }

        if (options.Severity is not ("low" or "medium" or "high"))
        {
            errors.Add($"Duplicates:Severity must be low, medium or high (was '{options.Severity}').");
        }

        return errors;
    }

    public static void ThrowIfInvalid(DuplicateOptions options)
    {
        IReadOnlyList<string> errors = Validate(options);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }
    }
}
