using System.Net;
using System.Net.WebSockets;
using StreamGuard.Core;
using StreamGuard.LiveView.Extensions;
using StreamGuard.LiveView.Services;

namespace StreamGuard.LiveView.Tests;

/// <summary>Who may read the console: Host values, Origin, security headers and the access token, over real HTTP.</summary>
public sealed class ConsoleAccessTests
{
    private const string Token = "test-token-0123456789abcdef";

    [Fact]
    public async Task Requests_ForeignHostOrOrigin_RefusedAndHeadersSet()
    {
        await using LiveViewServer server = await LiveViewServer.StartAsync(RepoFiles.Path("data", "sample.csv"), "--LiveView:Speed=1");
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };

        // A foreign Host (DNS rebinding) gets 400.
        using var rebound = new HttpRequestMessage(HttpMethod.Get, "/");
        rebound.Headers.Host = "attacker.example";
        Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(rebound)).StatusCode);

        // Another site's page may not read the API or open the hub.
        foreach ((HttpMethod method, string path) in new[] { (HttpMethod.Get, "/api/frame"), (HttpMethod.Post, "/hubs/dashboard/negotiate?negotiateVersion=1") })
        {
            using var foreign = new HttpRequestMessage(method, path);
            foreign.Headers.Add("Origin", "http://attacker.example");
            Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(foreign)).StatusCode);
            using var own = new HttpRequestMessage(method, path);
            own.Headers.Add("Origin", server.BaseAddress.GetLeftPart(UriPartial.Authority));
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(own)).StatusCode);
        }

        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Origin", "http://attacker.example");
        var ws = new UriBuilder(server.BaseAddress) { Scheme = "ws", Path = "/hubs/dashboard" }.Uri;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(ws, timeout.Token));

        // Headers on the page and the API; the page has no inline script or style for the CSP to allow.
        HttpResponseMessage page = await http.GetAsync("/");
        string csp = string.Join(" ", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("DENY", Assert.Single(page.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("nosniff", Assert.Single(page.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(page.Headers.GetValues("Referrer-Policy")));
        string html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotMatch("<script(?![^>]*\\bsrc=)[^>]*>", html);
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<style", html, StringComparison.Ordinal);
        Assert.Contains("Content-Security-Policy", (await http.GetAsync("/api/health")).Headers.Select(h => h.Key));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/favicon.svg")).StatusCode);
    }

    [Fact]
    public async Task Requests_TokenConfigured_PageApiAndHubNeedIt()
    {
        await using LiveViewServer server = await LiveViewServer.StartAsync(RepoFiles.Path("data", "sample.csv"), "--LiveView:Speed=1", $"--LiveView:AccessToken={Token}");
        var cookies = new CookieContainer();
        using var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/frame")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsync("/hubs/dashboard/negotiate?negotiateVersion=1", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/?access_token=wrong-token-0123456789")).StatusCode);

        // The link with the token sets a cookie and sends the browser on without the token in the address.
        HttpResponseMessage login = await http.GetAsync($"/?access_token={Token}");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/", login.Headers.Location!.OriginalString);
        Assert.Contains("httponly", string.Join(";", login.Headers.GetValues("Set-Cookie")), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("/hubs/dashboard/negotiate?negotiateVersion=1", null)).StatusCode);

        using var bearer = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        bearer.DefaultRequestHeaders.Authorization = new("Bearer", Token);
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync("/api/frame")).StatusCode);
    }

    [Fact]
    public void Create_NonLoopbackWithoutToken_RefusesToStart()
    {
        var e = Assert.Throws<UserErrorException>(() => LiveViewApp.Create(["--urls", "http://0.0.0.0:0", $"--LiveView:SampleFile={RepoFiles.Path("data", "sample.csv")}"]));
        Assert.Equal(2, e.ExitCode);
        Assert.Contains("LiveView__AccessToken", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData("--LiveView:Speed=0", "LiveView:Speed", 2)]
    [InlineData("--LiveView:SampleFile=/nonexistent/sample.csv", "does not exist", 2)]
    [InlineData("--LiveView:PushInterval=abc", "LiveView settings", 2)]
    public void Create_BadSetting_OneLineUserError(string setting, string expected, int exitCode)
    {
        var e = Assert.Throws<UserErrorException>(() => LiveViewApp.Create(["--urls", "http://127.0.0.1:0", $"--LiveView:SampleFile={RepoFiles.Path("data", "sample.csv")}", setting]));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Equal(exitCode, e.ExitCode);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Create_BinaryOrEmptySample_ExitTwoOrThree()
    {
        string dir = Directory.CreateTempSubdirectory("sg-liveview-bad-").FullName;
        try
        {
            string binary = Path.Combine(dir, "binary.csv");
            File.WriteAllBytes(binary, [0x7F, 0x45, 0x4C, 0x46, 0, 0, 1, 2, 3, 0, 0]);
            string empty = Path.Combine(dir, "empty.csv");
            File.WriteAllText(empty, File.ReadLines(RepoFiles.Path("data", "sample.csv")).First() + "\n");

            var b = Assert.Throws<UserErrorException>(() => LiveViewApp.Create(["--urls", "http://127.0.0.1:0", $"--LiveView:SampleFile={binary}"]));
            Assert.Equal(2, b.ExitCode);
            Assert.Contains("not a text file", b.Message, StringComparison.Ordinal);
            var e = Assert.Throws<UserErrorException>(() => LiveViewApp.Create(["--urls", "http://127.0.0.1:0", $"--LiveView:SampleFile={empty}"]));
            Assert.Equal(3, e.ExitCode);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void ResetRemoves_LedgerKeyAndVerdicts_Kept()
    {
        Assert.False(EmbeddedPipelineService.ResetRemoves("privacy-ledger.jsonl"));
        Assert.False(EmbeddedPipelineService.ResetRemoves("verdicts.db"));
        Assert.False(EmbeddedPipelineService.ResetRemoves("verdicts.db-wal"));
        Assert.False(EmbeddedPipelineService.ResetRemoves("pseudonym.key"));
        Assert.True(EmbeddedPipelineService.ResetRemoves("streamguard.db"));
    }
}
