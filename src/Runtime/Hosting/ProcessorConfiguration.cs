using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace StreamGuard.Runtime.Hosting;

/// <summary>Reads and validates settings the way every command does: appsettings.json, then the environment, then explicit overrides.</summary>
public static class ProcessorConfiguration
{
    /// <summary>The environment variable that may carry the pseudonym key (base64, 32+ bytes).</summary>
    public const string PseudonymKeyVariable = "STREAMGUARD_PSEUDONYM_KEY";

    /// <summary>The environment variable that may carry the dead-letter sealing key (base64, 32+ bytes).</summary>
    public const string SealingKeyVariable = "STREAMGUARD_SEALING_KEY";

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
        Bind(configuration, options);
        ValidateOptionsResult result = new StreamGuardOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(StreamGuardOptions.Section, typeof(StreamGuardOptions), result.Failures);
        }

        return options;
    }

    /// <summary>Binds the "StreamGuard" section and takes the keys from the environment variables when the section has none.</summary>
    public static void Bind(IConfiguration configuration, StreamGuardOptions options)
    {
        RefuseKeysInSettingsFiles(configuration);
        try
        {
            configuration.GetSection(StreamGuardOptions.Section).Bind(options);
        }
        catch (InvalidOperationException e)
        {
            // A value of the wrong type (e.g. an unknown InitialPosition): the binder names the setting.
            throw new StreamGuard.Core.UserErrorException($"Settings: {e.Message}", 2, e);
        }

        if (string.IsNullOrWhiteSpace(options.Privacy.PseudonymKey))
        {
            options.Privacy.PseudonymKey = configuration[PseudonymKeyVariable];
        }

        if (string.IsNullOrWhiteSpace(options.Privacy.SealingKey))
        {
            options.Privacy.SealingKey = configuration[SealingKeyVariable];
        }
    }

    /// <summary>A key written in appsettings.json ends up in source control and backups: refuse it.</summary>
    private static void RefuseKeysInSettingsFiles(IConfiguration configuration)
    {
        if (configuration is not IConfigurationRoot root)
        {
            return;
        }

        string[] keys = [$"{StreamGuardOptions.Section}:Privacy:PseudonymKey", $"{StreamGuardOptions.Section}:Privacy:SealingKey", PseudonymKeyVariable, SealingKeyVariable];
        foreach (FileConfigurationProvider file in root.Providers.OfType<FileConfigurationProvider>())
        {
            foreach (string key in keys)
            {
                if (file.TryGet(key, out string? value) && !string.IsNullOrWhiteSpace(value))
                {
                    throw new StreamGuard.Core.UserErrorException($"{key} is set in {file.Source.Path}; keys come from the environment ({PseudonymKeyVariable}, {SealingKeyVariable}) or key files, never from a settings file: remove it there.");
                }
            }
        }
    }
}
