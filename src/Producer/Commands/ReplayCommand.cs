using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using StreamGuard.Core.Ingestion;
using StreamGuard.Core.Model;
using StreamGuard.Core.Replay;
using StreamGuard.Core.Streaming;
using StreamGuard.Producer.Output;

namespace StreamGuard.Producer.Commands;

/// <summary>`replay`: streams a CSV or Plaid file's transactions, in event-time order, into a target.</summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var path = new Argument<FileInfo>("PATH") { Description = "A Sparkov CSV or Plaid JSON file." };
        var target = new Option<string>("--target") { Description = "Where to send: stdout.", DefaultValueFactory = _ => "stdout" };
        var rate = new Option<double?>("--rate") { Description = "Events per second." };
        var speed = new Option<double?>("--speed") { Description = "Event-time speed-up (60 = an hour a minute)." };
        var max = new Option<bool>("--max") { Description = "As fast as possible (the default when neither --rate nor --speed is given)." };
        var parallel = new Option<int?>("--parallel") { Description = "Concurrent senders (per-key order is kept; stdout defaults to 1 to keep global order)." };
        var deadLetters = new Option<FileInfo?>("--dead-letters") { Description = "Where unreadable rows go (default: deadletters/replay-<time>.ndjson)." };
        var command = new Command("replay", "Stream a file's transactions as JSON records, in event-time order, at a chosen pace.")
        {
            path, target, rate, speed, max, parallel, deadLetters,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(path)!, parse.GetValue(target)!, parse.GetValue(rate), parse.GetValue(speed), parse.GetValue(max),
            parse.GetValue(parallel), parse.GetValue(deadLetters), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo input, string target, double? rate, double? speed, bool max, int? parallel, FileInfo? deadLetterPath, CancellationToken cancellationToken)
    {
        var options = new ReplayOptions { Rate = rate, Speed = speed, Parallelism = parallel ?? 1 };
        var errors = options.Validate().ToList();
        if (max && (rate is not null || speed is not null))
        {
            errors.Add("--max excludes --rate and --speed: choose one.");
        }

        if (!string.Equals(target, "stdout", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"--target '{target}' is not known here; use stdout.");
        }

        if (errors.Count > 0)
        {
            errors.ForEach(Console.Error.WriteLine);
            return 2;
        }

        string deadLetterFile = deadLetterPath?.FullName
            ?? Path.Combine("deadletters", $"replay-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.ndjson");
        using var dead = new DeadLetterFile(deadLetterFile);
        List<TransactionEvent> events;
        try
        {
            events = ReplayOrdering.ByEventTime(TransactionFileReader.Read(input.FullName), dead.Add);
        }
        catch (InputFormatException e)
        {
            await Console.Error.WriteLineAsync($"PATH: {e.Message}").ConfigureAwait(false);
            return 2;
        }

        await using Stream stdout = Console.OpenStandardOutput();
        IStreamProducer producer = new StdoutTarget(stdout);
        var replayer = new StreamReplayer(producer, options);
        ReplayProgress result = await WithProgressAsync(replayer, events, cancellationToken).ConfigureAwait(false);
        await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Replayed {result.Sent:N0} events in {result.Elapsed.TotalSeconds:0.0} s ({result.EventsPerSecond:N0}/s), {result.Retried:N0} retried, {result.Failed:N0} failed; " +
            $"{dead.Count:N0} unreadable rows{(dead.Count > 0 ? " in " + dead.Path : "")}.")).ConfigureAwait(false);
        return result.Failed > 0 ? 1 : 0;
    }

    /// <summary>Runs the replay; when stderr is a terminal, shows a progress bar with rate and ETA there.</summary>
    internal static async Task<ReplayProgress> WithProgressAsync(StreamReplayer replayer, List<TransactionEvent> events, CancellationToken cancellationToken)
    {
        if (Console.IsErrorRedirected)
        {
            return await replayer.RunAsync(events, cancellationToken).ConfigureAwait(false);
        }

        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        ReplayProgress? result = null;
        await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new EventRateColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                ProgressTask task = context.AddTask("replay", maxValue: Math.Max(1, events.Count));
                long start = TimeProvider.System.GetTimestamp();
                Task<ReplayProgress> run = replayer.RunAsync(events, cancellationToken);
                while (!run.IsCompleted)
                {
                    task.Value = replayer.Progress(start).Sent;
                    await Task.WhenAny(run, Task.Delay(200, cancellationToken)).ConfigureAwait(false);
                }

                result = await run.ConfigureAwait(false);
                task.Value = result.Sent;
            }).ConfigureAwait(false);
        return result!;
    }

    /// <summary>Shows events per second.</summary>
    private sealed class EventRateColumn : ProgressColumn
    {
        public override Spectre.Console.Rendering.IRenderable Render(Spectre.Console.Rendering.RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(string.Create(CultureInfo.InvariantCulture, $"{task.Speed ?? 0:N0} ev/s"));
    }
}
