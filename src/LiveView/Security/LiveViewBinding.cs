using System.Net;
using Microsoft.AspNetCore.Http;

namespace StreamGuard.LiveView.Security;

/// <summary>The addresses LiveView listens on, and whether any of them reaches beyond this machine.</summary>
public sealed class LiveViewBinding
{
    public LiveViewBinding(IReadOnlyList<string> urls)
    {
        Urls = urls;
        Hosts = [.. urls.Select(u => BindingAddress.Parse(u).Host)];
        Public = [.. urls.Where(u => !IsLoopback(BindingAddress.Parse(u).Host))];
    }

    public IReadOnlyList<string> Urls { get; }

    /// <summary>The host part of each address ("127.0.0.1", "0.0.0.0", "*", a name).</summary>
    public IReadOnlyList<string> Hosts { get; }

    /// <summary>Addresses other machines can reach (anything but localhost and loopback IPs).</summary>
    public IReadOnlyList<string> Public { get; }

    public static LiveViewBinding From(IConfiguration configuration, string defaultUrl)
    {
        string urls = configuration["urls"] is { Length: > 0 } u ? u : configuration["ASPNETCORE_URLS"] is { Length: > 0 } e ? e : defaultUrl;
        return new LiveViewBinding([.. urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]);
    }

    public static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out IPAddress? ip) && IPAddress.IsLoopback(ip));
}
