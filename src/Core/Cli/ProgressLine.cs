using System.Globalization;

namespace StreamGuard.Core.Cli;

/// <summary>The words of a progress report, shared by the live bar and the plain lines.</summary>
public static class ProgressLine
{
    /// <summary>e.g. <c>412,000 / 1,000,000 records · 48,210 ev/s · event time 2024-03-05 14:00 · ETA 12s · 3 dead letters · 1,204 alerts</c>.</summary>
    public static string Format(ProgressSnapshot snapshot, double eventsPerSecond, string unit = "records")
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var parts = new List<string>
        {
            snapshot.Total is { } total
                ? string.Create(CultureInfo.InvariantCulture, $"{snapshot.Done:N0} / {total:N0} {unit}")
                : string.Create(CultureInfo.InvariantCulture, $"{snapshot.Done:N0} {unit}"),
            string.Create(CultureInfo.InvariantCulture, $"{eventsPerSecond:N0} ev/s"),
        };
        if (snapshot.EventTime is { } at && at > DateTimeOffset.MinValue)
        {
            parts.Add("event time " + at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        }

        if (Eta(snapshot, eventsPerSecond) is { } eta)
        {
            parts.Add("ETA " + Duration(eta));
        }

        if (snapshot.DeadLetters is { } dead)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{dead:N0} dead letters"));
        }

        if (snapshot.Alerts is { } alerts)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{alerts:N0} alerts"));
        }

        return string.Join(" · ", parts);
    }

    /// <summary>Time left at the current rate; null when the total is unknown or nothing moves yet.</summary>
    public static TimeSpan? Eta(ProgressSnapshot snapshot, double eventsPerSecond)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Total is not { } total || eventsPerSecond <= 0)
        {
            return null;
        }

        return TimeSpan.FromSeconds(Math.Max(0, total - snapshot.Done) / eventsPerSecond);
    }

    /// <summary>1h02m, 3m05s, 12s.</summary>
    public static string Duration(TimeSpan span) => span.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}h{span.Minutes:00}m")
        : span.TotalMinutes >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes}m{span.Seconds:00}s")
            : string.Create(CultureInfo.InvariantCulture, $"{Math.Ceiling(span.TotalSeconds):0}s");
}
