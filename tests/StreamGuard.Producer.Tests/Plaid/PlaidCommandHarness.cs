using System.Text.Json;
using Microsoft.Extensions.Logging;
using StreamGuard.Core.Model;
using StreamGuard.Core.Serialization;
using StreamGuard.Plaid;
using StreamGuard.Producer.Commands;
using StreamGuard.Producer.Output;
using StreamGuard.Producer.Plaid;

namespace StreamGuard.Producer.Tests.Plaid;

/// <summary>Runs `plaid ...` command lines against a fake Plaid server with a temporary state directory.</summary>
internal sealed class PlaidCommandHarness : IAsyncDisposable
{
    public static readonly string TokenKey = Convert.ToBase64String(Enumerable.Range(100, 32).Select(i => (byte)i).ToArray());

    public PlaidCommandHarness()
    {
        Server = FakePlaidServer.Start();
        StateDirectory = Directory.CreateTempSubdirectory("sg-plaid-cli-").FullName;
        Variables = new Dictionary<string, string?>
        {
            [PlaidOptions.ClientIdVariable] = FakePlaidServer.ClientId,
            [PlaidOptions.SecretVariable] = FakePlaidServer.Secret,
            [PlaidTokenProtector.KeyVariable] = TokenKey,
        };
    }

    public FakePlaidServer Server { get; }

    public string StateDirectory { get; }

    public Dictionary<string, string?> Variables { get; }

    public LineWriter Out { get; } = new();

    public LineWriter Error { get; } = new();

    public CapturingLoggerProvider Logs { get; } = new();

    public string ItemsFile => Path.Combine(StateDirectory, PlaidServices.ItemsFileName);

    public Task<int> RunAsync(string commandLine, CancellationToken cancellationToken = default)
    {
        var context = new PlaidCommandContext(
            name => Variables.GetValueOrDefault(name),
            Out,
            Error,
            logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs),
            () => new StdoutTarget(new LineWriterStream(Out)));
        string args = $"{commandLine} --base-url {Server.BaseUrl} --state-dir {StateDirectory}";
        return PlaidCommand.Create(context).Parse(args.Split(' ', StringSplitOptions.RemoveEmptyEntries)).InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = Out, Error = Error }, cancellationToken);
    }

    /// <summary>The stdout lines that are TransactionEvent JSON (the item id printed by link is not).</summary>
    public List<TransactionEvent> Events() =>
        [.. Out.Lines.Where(l => l.StartsWith('{')).Select(l => JsonSerializer.Deserialize(l, CoreJsonContext.Default.TransactionEvent)!)];

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(StateDirectory, recursive: true);
        Out.Dispose();
        Error.Dispose();
    }
}
