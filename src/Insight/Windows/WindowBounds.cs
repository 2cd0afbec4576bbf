namespace StreamGuard.Insight.Windows;

/// <summary>A window's [start, end) in UTC ticks and the zone offset at its start.</summary>
public readonly record struct WindowBounds(long StartUtcTicks, long EndUtcTicks, long StartOffsetTicks)
{
    public DateTimeOffset Start => new(StartUtcTicks + StartOffsetTicks, TimeSpan.FromTicks(StartOffsetTicks));
}
