namespace StreamGuard.Insight.Windows;

/// <summary>Identifies one open window (zones with different rules can share a start, hence the end).</summary>
internal readonly record struct WindowId(WindowSize Size, long StartUtcTicks, long EndUtcTicks);
