using Microsoft.Extensions.Logging;
using StreamGuard.Core.Streaming;
using StreamGuard.Producer.Output;

namespace StreamGuard.Producer.Plaid;

/// <summary>
/// What the plaid commands take from the outside world: environment variables (also the Aws__*
/// settings of the kinesis target), output writers, logging, and the stdout target.
/// </summary>
internal sealed record PlaidCommandContext(
    Func<string, string?> Environment,
    TextWriter Out,
    TextWriter Error,
    Action<ILoggingBuilder> ConfigureLogging,
    Func<IStreamProducer> CreateStdoutTarget)
{
    public static PlaidCommandContext Default { get; } = new(
        System.Environment.GetEnvironmentVariable,
        Console.Out,
        Console.Error,
        logging => logging
            .SetMinimumLevel(LogLevel.Information)
            .AddFilter("System.Net.Http.HttpClient", LogLevel.Warning)
            .AddSimpleConsole(console => console.SingleLine = true)
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace),
        () => new StdoutTarget(Console.OpenStandardOutput()));
}
