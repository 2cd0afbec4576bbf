using Spectre.Console;

namespace StreamGuard.Core.Cli;

/// <summary>
/// Shows how long work is going on stderr while it runs, by polling a snapshot: a live Spectre.Console
/// bar when stderr is a terminal, one plain line every few seconds with <c>--progress</c> otherwise,
/// nothing by default. Stdout is never touched, so <c>--json</c> output stays as it is.
/// </summary>
public sealed class ProgressDisplay
{
    private readonly string _label;
    private readonly Func<ProgressSnapshot> _sample;
    private readonly TextWriter _error;
    private readonly TimeProvider _time;
    private readonly RateMeter _rate;

    public ProgressDisplay(string label, Func<ProgressSnapshot> sample, TextWriter? error = null, TimeProvider? time = null)
    {
        _label = label;
        _sample = sample;
        _error = error ?? Console.Error;
        _time = time ?? TimeProvider.System;
        _rate = new RateMeter(_time);
    }

    /// <summary>Plain lines come at most this often.</summary>
    public TimeSpan LineInterval { get; init; } = TimeSpan.FromSeconds(5);

    public string Unit { get; init; } = "records";

    /// <summary>Live on a terminal; plain lines when asked for and stderr is not a terminal; otherwise off.</summary>
    public static ProgressMode Choose(bool progressRequested, bool? stderrIsTerminal = null) =>
        (stderrIsTerminal ?? !Console.IsErrorRedirected) ? ProgressMode.Live : progressRequested ? ProgressMode.Lines : ProgressMode.Off;

    /// <summary>Awaits <paramref name="work"/>, reporting on it in the given mode.</summary>
    public async Task<T> RunAsync<T>(Task<T> work, ProgressMode mode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        switch (mode)
        {
            case ProgressMode.Live:
                await LiveAsync(work, cancellationToken).ConfigureAwait(false);
                break;
            case ProgressMode.Lines:
                await LinesAsync(work, cancellationToken).ConfigureAwait(false);
                break;
        }

        return await work.ConfigureAwait(false);
    }

    /// <summary>Awaits <paramref name="work"/>, reporting on it in the given mode.</summary>
    public async Task RunAsync(Task work, ProgressMode mode, CancellationToken cancellationToken = default) =>
        await RunAsync(work.ContinueWith(t => { t.GetAwaiter().GetResult(); return true; }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default), mode, cancellationToken).ConfigureAwait(false);

    /// <summary>The line for the current snapshot (the rate is measured between calls).</summary>
    public string Describe(out ProgressSnapshot snapshot)
    {
        snapshot = _sample();
        return $"{_label}: {ProgressLine.Format(snapshot, _rate.Next(snapshot.Done), Unit)}";
    }

    private async Task LinesAsync(Task work, CancellationToken cancellationToken)
    {
        _rate.Next(_sample().Done);
        while (!work.IsCompleted)
        {
            Task tick = Task.Delay(LineInterval, _time, cancellationToken);
            if (await Task.WhenAny(work, tick).ConfigureAwait(false) == work || cancellationToken.IsCancellationRequested)
            {
                return;
            }

            await _error.WriteLineAsync(Describe(out _)).ConfigureAwait(false);
        }
    }

    private async Task LiveAsync(Task work, CancellationToken cancellationToken)
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(_error) });
        await console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 16 }, new PercentageColumn())
            .StartAsync(async context =>
            {
                ProgressTask task = context.AddTask(Markup.Escape(_label), maxValue: 1);
                task.IsIndeterminate = true;
                while (true)
                {
                    string text = Describe(out ProgressSnapshot snapshot);
                    if (snapshot.Total is { } total)
                    {
                        task.IsIndeterminate = false;
                        task.MaxValue = Math.Max(1, total);
                        task.Value = Math.Min(snapshot.Done, total);
                    }

                    task.Description = Markup.Escape(text);
                    if (work.IsCompleted || cancellationToken.IsCancellationRequested)
                    {
                        task.StopTask();
                        return;
                    }

                    await Task.WhenAny(work, Task.Delay(TimeSpan.FromMilliseconds(250), _time, CancellationToken.None)).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
    }
}
