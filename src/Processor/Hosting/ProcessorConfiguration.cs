using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace StreamGuard.Processor.Hosting;

/// <summary>Reads and validates settings the way every command does: appsettings.json, then the environment, then explicit overrides.</summary>
public static class ProcessorConfiguration
{
    /// <summary>The environment variable that may carry the pseudonym key (base64, 32+ bytes).</summary>
    public const string PseudonymKeyVariable = "STREAMGUARD_PSEUDONYM_KEY";

    public static IConfiguration Build(IEnumerable<KeyValuePair<string, string?>>? overrides = null) =>
        new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides ?? [])
            .Build();

    /// <summary>Binds and validates; throws <see cref="OptionsValidationException"/> listing every bad setting.</summary>
    public static StreamGuardOptions Load(IConfiguration configuration)
    {
        var options = new StreamGuardOptions();
        configuration.GetSection(StreamGuardOptions.Section).Bind(options);
        if (string.IsNullOrWhiteSpace(options.Privacy.PseudonymKey))
        {
            options.Privacy.PseudonymKey = configuration[PseudonymKeyVariable];
        }

        ValidateOptionsResult result = new StreamGuardOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(StreamGuardOptions.Section, typeof(StreamGuardOptions), result.Failures);
        }

        return options;
    }
}
