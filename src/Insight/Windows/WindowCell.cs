namespace StreamGuard.Insight.Windows;

/// <summary>One key's running total in one open window, plus what changed since the last flush.</summary>
internal sealed class WindowCell(WindowSize size, WindowBounds bounds, WindowKeyKind kind, string key)
{
    public WindowSize Size { get; } = size;
    public WindowBounds Bounds { get; } = bounds;
    public WindowKeyKind Kind { get; } = kind;
    public string Key { get; } = key;
    public long Count { get; set; }
    public decimal Amount { get; set; }
    public long DeltaCount { get; set; }
    public decimal DeltaAmount { get; set; }
    public bool Dirty { get; set; }
}
