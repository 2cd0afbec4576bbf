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
        var target = new Option<string>("--target") { Description = "Where to send: stdout or kinesis.", DefaultValueFactory = _ => "stdout" };
        var rate = new Option<double?>("--rate") { Description = "Events per second." };
        var speed = new Option<double?>("--speed") { Description = "Event-time speed-up (60 = an hour a minute)." };
        var max = new Option<bool>("--max") { Description = "As fast as possible (the default when neither --rate nor --speed is given)." };
        var parallel = new Option<int?>("--parallel") { Description = "Concurrent senders (per-key order is kept; stdout defaults to 1 to keep global order)." };
        var stream = new Option<string?>("--stream") { Description = "Kinesis stream name (with --target kinesis)." };
        var deadLetters = new Option<FileInfo?>("--dead-letters") { Description = "Where unreadable rows go (default: deadletters/replay-<time>.ndjson)." };
        var command = new Command("replay", "Stream a file's transactions as JSON records, in event-time order, at a chosen pace.")
        {
            path, target, rate, speed, max, parallel, deadLetters, stream,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(path)!, parse.GetValue(target)!, parse.GetValue(rate), parse.GetValue(speed), parse.GetValue(max),
            parse.GetValue(parallel), parse.GetValue(deadLetters), parse.GetValue(stream), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo input, string target, double? rate, double? speed, bool max, int? parallel, FileInfo? deadLetterPath, string? stream, CancellationToken cancellationToken)
    {
        bool kinesis = string.Equals(target, "kinesis", StringComparison.OrdinalIgnoreCase);
        var options = new ReplayOptions { Rate = rate, Speed = speed, Parallelism = parallel ?? (kinesis ? 4 : 1) };
        var errors = options.Validate().ToList();
        if (max && (rate is not null || speed is not null))
        {
            errors.Add("--max excludes --rate and --speed: choose one.");
        }

        if (!kinesis && !string.Equals(target, "stdout", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"--target '{target}' is not known; use stdout or kinesis.");
        }

        if (kinesis && string.IsNullOrWhiteSpace(stream))
        {
            errors.Add("--target kinesis needs --stream NAME.");
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
        using KinesisTarget? kinesisTarget = kinesis ? await KinesisTargetOrNullAsync(stream!, options, cancellationToken).ConfigureAwait(false) : null;
        if (kinesis && kinesisTarget is null)
        {
            return 2;
        }

        IStreamProducer producer = kinesisTarget?.Producer ?? new StdoutTarget(stdout);
        string? origin = null;
        var replayer = new StreamReplayer(producer, options, rejected: (e, reason) =>
        {
            origin ??= InputFileIdentity.Of(input.FullName).Origin;
            dead.Add(RejectedRecords.DeadLetter(e, reason, origin, $"transaction at {e.EventTime:O}"));
        });
        ReplayProgress result = await WithProgressAsync(replayer, events, cancellationToken).ConfigureAwait(false);
        await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Replayed {result.Sent:N0} events in {result.Elapsed.TotalSeconds:0.0} s ({result.EventsPerSecond:N0}/s), {result.Retried:N0} retried, {result.Failed:N0} failed; " +
            $"{dead.Count - result.Rejected:N0} unreadable rows, {result.Rejected:N0} over the stream's record limit{(dead.Count > 0 ? "; reasons in " + dead.Path : "")}.")).ConfigureAwait(false);
        return result.Failed > 0 ? 1 : 0;
    }

    private static async Task<KinesisTarget?> KinesisTargetOrNullAsync(string stream, ReplayOptions options, CancellationToken cancellationToken)
    {
        try
        {
            return await KinesisTarget.OpenAsync(stream, options, Console.Error, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or StreamGuard.Core.Aws.AwsServiceException)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return null;
        }
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
