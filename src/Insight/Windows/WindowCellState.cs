namespace StreamGuard.Insight.Windows;

/// <summary>One open window's total for one key.</summary>
public sealed record WindowCellState(WindowSize Size, long StartUtcTicks, long EndUtcTicks, long StartOffsetTicks, WindowKeyKind Kind, string Key, long Count, decimal Amount);
