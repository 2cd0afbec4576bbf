using Microsoft.Extensions.Logging;
using StreamGuard.Core.Streaming;
using StreamGuard.Producer.Output;

namespace StreamGuard.Producer.Plaid;

/// <summary>
/// What the plaid commands take from the outside world: environment variables, output writers,
/// logging, and the stream target by name (the aws mode adds "kinesis" here).
/// </summary>
internal sealed record PlaidCommandContext(
    Func<string, string?> Environment,
    TextWriter Out,
    TextWriter Error,
    Action<ILoggingBuilder> ConfigureLogging,
    Func<string, IStreamProducer?> CreateTarget)
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
        target => target == "stdout" ? new StdoutTarget(Console.OpenStandardOutput()) : null);
}
