using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace StreamGuard.Core.Settings;

/// <summary>
/// The one way settings are checked outside a host: run the options class's validator and turn every failure into
/// one <see cref="UserErrorException"/> whose message names each wrong setting (exit 2).
/// </summary>
public static class OptionsChecks
{
    /// <summary>Throws when <paramref name="result"/> failed, with every failure in one line.</summary>
    /// <exception cref="UserErrorException">The settings are wrong.</exception>
    public static void ThrowIfInvalid(ValidateOptionsResult result, string? heading = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!result.Failed)
        {
            return;
        }

        IEnumerable<string> failures = result.Failures ?? [result.FailureMessage];
        string message = string.Join(" ", failures.Where(f => !string.IsNullOrWhiteSpace(f)).Select(f => f.ReplaceLineEndings(" ").Trim()));
        throw new UserErrorException(heading is null ? message : $"{heading} {message}");
    }

    /// <summary>
    /// The options source generator reports "Member: message"; this names the setting with its section instead
    /// ("Section:Member: message"), and drops the member when the message already names the setting ("Section:...").
    /// </summary>
    /// <remarks>With no <paramref name="section"/> (settings named by command-line flags) the member is dropped.</remarks>
    public static string Qualify(string? section, string failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        int colon = failure.IndexOf(": ", StringComparison.Ordinal);
        if (colon <= 0 || failure.AsSpan(0, colon).IndexOfAny(' ', ':') >= 0)
        {
            return failure;
        }

        string message = failure[(colon + 2)..];
        return section is null || message.StartsWith(section + ":", StringComparison.Ordinal) ? message : $"{section}:{failure}";
    }

    /// <summary>
    /// The failures of a source-generated validator's <paramref name="result"/>, each qualified with
    /// <paramref name="section"/> (<see cref="Qualify"/>), followed by <paramref name="rules"/>: the failures of the
    /// rules no annotation can say. One list, so a caller reports every problem at once.
    /// </summary>
    public static IReadOnlyList<string> Failures(ValidateOptionsResult result, string? section, IEnumerable<string>? rules = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var errors = new List<string>();
        if (result.Failed)
        {
            errors.AddRange((result.Failures ?? [result.FailureMessage]).Select(f => Qualify(section, f)));
        }

        errors.AddRange(rules ?? []);
        return errors;
    }

    /// <summary>A <see cref="ValidateOptionsResult"/> of <paramref name="errors"/>: success when there are none.</summary>
    public static ValidateOptionsResult Result(IReadOnlyCollection<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Throws when <paramref name="failures"/> holds any, with every failure in one line.</summary>
    /// <exception cref="UserErrorException">The settings are wrong.</exception>
    public static void ThrowIfInvalid(IReadOnlyCollection<string> failures, string? heading = null)
    {
        ArgumentNullException.ThrowIfNull(failures);
        ThrowIfInvalid(failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures), heading);
    }

    /// <summary>Validates <paramref name="options"/> with <typeparamref name="TValidator"/>; throws on any failure.</summary>
    /// <exception cref="UserErrorException">The settings are wrong.</exception>
    public static TOptions ThrowIfInvalid<TOptions, TValidator>(TOptions options, string? heading = null)
        where TOptions : class
        where TValidator : IValidateOptions<TOptions>, new()
    {
        ArgumentNullException.ThrowIfNull(options);
        ThrowIfInvalid(new TValidator().Validate(Options.DefaultName, options), heading);
        return options;
    }

    /// <summary>Binds <paramref name="section"/> to a new <typeparamref name="TOptions"/> and validates it.</summary>
    /// <exception cref="UserErrorException">The settings are wrong or cannot be read as their types.</exception>
    public static TOptions BindAndCheck<TOptions, TValidator>(IConfiguration section, string? heading = null)
        where TOptions : class, new()
        where TValidator : IValidateOptions<TOptions>, new()
    {
        var options = new TOptions();
        try
        {
            section.Bind(options);
        }
        catch (InvalidOperationException e)
        {
            throw new UserErrorException($"{(section as IConfigurationSection)?.Path ?? "A setting"}: {e.Message}", e);
        }

        ValidateOptionsResult result = new TValidator().Validate(Options.DefaultName, options);
        if (result.Failed && section is IConfigurationSection { Path: { Length: > 0 } path })
        {
            result = ValidateOptionsResult.Fail((result.Failures ?? [result.FailureMessage]).Select(f => Qualify(path, f)));
        }

        ThrowIfInvalid(result, heading);
        return options;
    }
}
