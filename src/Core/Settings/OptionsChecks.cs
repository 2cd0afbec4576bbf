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

        return ThrowIfInvalid<TOptions, TValidator>(options, heading);
    }
}
