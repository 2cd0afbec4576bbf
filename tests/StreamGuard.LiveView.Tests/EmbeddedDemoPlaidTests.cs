using Microsoft.Extensions.DependencyInjection;
using StreamGuard.LiveView.Models;
using StreamGuard.LiveView.Services;

namespace StreamGuard.LiveView.Tests;

/// <summary>The embedded demo fed from Plaid data instead of the CSV sample (no browser: the dashboard's own state is read).</summary>
public sealed class EmbeddedDemoPlaidTests
{
    [Fact]
    public async Task EmbeddedDemo_PlaidJsonSampleFile_ProcessesEveryTransactionWithoutDeadLetters()
    {
        string plaid = SharedPlaidFile("sandbox_transactions_24.json");
        await using LiveViewServer server = await LiveViewServer.StartAsync(plaid, "--LiveView:Speed=10000000");
        DashboardState state = server.Services.GetRequiredService<DashboardState>();

        DateTime deadline = DateTime.UtcNow.AddSeconds(60);
        DashboardFrame frame = state.Frame();
        while (frame.Processed < 24 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            frame = state.Frame();
        }

        Assert.True(frame.Processed >= 24, $"processed {frame.Processed} of the file's 24 transactions within 60 s");
        Assert.Equal(0, frame.DeadLettered);
        Assert.NotEmpty(frame.Recent);
        Assert.StartsWith("20", frame.LatestEventTime, StringComparison.Ordinal);
    }

    private static string SharedPlaidFile(string name)
    {
        for (DirectoryInfo? dir = new(RepoFiles.Root); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "data", "plaid", name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"shared/data/plaid/{name} not found beside the repository.");
    }
}
