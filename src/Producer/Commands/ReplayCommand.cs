using System.CommandLine;
using System.Globalization;
using StreamGuard.Core;
using StreamGuard.Core.Cli;
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
        var progress = new Option<bool>("--progress") { Description = "When stderr is not a terminal, print a progress line every few seconds." };
        var command = new Command("replay", "Stream a file's transactions as JSON records, in event-time order, at a chosen pace.")
        {
            path, target, rate, speed, max, parallel, deadLetters, stream, progress,
        };
        command.SetAction(CommandLineApp.Guard((parse, cancellationToken) => RunAsync(
            parse.GetValue(path)!, parse.GetValue(target)!, parse.GetValue(rate), parse.GetValue(speed), parse.GetValue(max),
            parse.GetValue(parallel), parse.GetValue(deadLetters), parse.GetValue(stream), parse.GetValue(progress), cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo input, string target, double? rate, double? speed, bool max, int? parallel, FileInfo? deadLetterPath, string? stream, bool showProgress, CancellationToken cancellationToken)
    {
        string inputPath = CliPaths.ReadableFile(input.FullName, "PATH");
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
            throw new UserErrorException(string.Join(" ", errors));
        }

        string deadLetterFile = CliPaths.WritableFile(deadLetterPath?.FullName
            ?? Path.Combine("deadletters", $"replay-{TimeProvider.System.GetUtcNow().UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.ndjson"), "--dead-letters");
        using var dead = new DeadLetterFile(deadLetterFile);
        List<TransactionEvent> events;
        try
        {
            events = ReplayOrdering.ByEventTime(TransactionFileReader.Read(inputPath), dead.Add);
        }
        catch (InputFormatException e)
        {
            throw new UserErrorException($"PATH: {e.Message}", e);
        }

        if (events.Count == 0)
        {
            throw new UserErrorException($"PATH: '{inputPath}' has no readable row ({dead.Count:N0} unreadable{(dead.Count > 0 ? ", reasons in " + dead.Path : "")}).", exitCode: 3);
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
        ReplayProgress result = await WithProgressAsync(replayer, events, dead.Count, ProgressDisplay.Choose(showProgress), cancellationToken).ConfigureAwait(false);
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
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or StreamGuard.Aws.AwsServiceException)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>Runs the replay with the shared progress display on stderr: records sent of the total, rate, event-time position, labelled ETA, unreadable rows.</summary>
    internal static Task<ReplayProgress> WithProgressAsync(StreamReplayer replayer, List<TransactionEvent> events, long unreadable, ProgressMode mode, CancellationToken cancellationToken)
    {
        long start = TimeProvider.System.GetTimestamp();
        var display = new ProgressDisplay("replay", () =>
        {
            long sent = replayer.Progress(start).Sent;
            DateTimeOffset? at = sent > 0 ? events[(int)Math.Min(sent, events.Count) - 1].EventTime : null;
            return new ProgressSnapshot(sent, events.Count, at, unreadable);
        })
        { Unit = "events" };
        return display.RunAsync(replayer.RunAsync(events, cancellationToken), mode, cancellationToken);
    }
}
