using Microsoft.Extensions.Options;
using StreamGuard.Core;
using StreamGuard.Core.Settings;
using StreamGuard.LiveView.Security;

namespace StreamGuard.LiveView.Extensions;

/// <summary>Checks made before the app starts: every bad setting stops it with one line naming the setting (exit 2).</summary>
public static class LiveViewStartup
{
    /// <exception cref="UserErrorException">A setting is wrong, or LiveView would be reachable from other machines without a token.</exception>
    public static LiveViewOptions Check(IConfiguration configuration, LiveViewBinding binding)
    {
        var options = new LiveViewOptions();
        try
        {
            configuration.GetSection(LiveViewOptions.Section).Bind(options);
        }
        catch (InvalidOperationException e)
        {
            throw new UserErrorException($"LiveView settings: {e.Message}", e);
        }

        OptionsChecks.ThrowIfInvalid(OptionsChecks.Failures(new LiveViewOptionsValidator().Validate(Options.DefaultName, options), LiveViewOptions.Section));

        if (binding.Public.Count > 0 && string.IsNullOrEmpty(options.AccessToken))
        {
            throw new UserErrorException(
                $"LiveView listens on {string.Join(", ", binding.Public)}, which other machines can reach: set an access token in the environment (LiveView__AccessToken) or listen on 127.0.0.1.");
        }

        return options;
    }

    /// <summary>Host values to answer: loopback names, the addresses listened on, and the machine's name when listening on every address.</summary>
    public static string AllowedHosts(LiveViewBinding binding)
    {
        var hosts = new List<string> { "localhost", "127.0.0.1", "[::1]" };
        foreach (string host in binding.Hosts)
        {
            if (host is "0.0.0.0" or "*" or "+" or "[::]")
            {
                hosts.Add(Environment.MachineName);
            }
            else
            {
                hosts.Add(host);
            }
        }

        return string.Join(';', hosts.Distinct(StringComparer.OrdinalIgnoreCase));
    }
}
