namespace StreamGuard.Insight.Windows;

/// <summary>
/// One key's running total in one open window, plus what changed since the last flush. The window's
/// size and bounds are its window's (one reference, not a copy per cell: a month of customer-days
/// is hundreds of thousands of cells).
/// </summary>
internal sealed class WindowCell(OpenWindow window, WindowKeyKind kind, string key)
{
    private readonly OpenWindow _window = window;
    private readonly byte _kind = (byte)kind;

    public WindowSize Size => _window.Size;
    public WindowBounds Bounds => _window.Bounds;
    public WindowKeyKind Kind => (WindowKeyKind)_kind;
    public string Key { get; } = key;
    public long Count { get; set; }
    public decimal Amount { get; set; }
    public long DeltaCount { get; set; }
    public decimal DeltaAmount { get; set; }
    public bool Dirty { get; set; }
}
