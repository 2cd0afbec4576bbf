namespace StreamGuard.Insight.Windows;

/// <summary>A window still accepting events: its cells by key kind and key.</summary>
internal sealed class OpenWindow(WindowSize size, WindowBounds bounds)
{
    public WindowSize Size { get; } = size;
    public WindowBounds Bounds { get; } = bounds;
    public Dictionary<string, WindowCell> Customers { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, WindowCell> Categories { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, WindowCell> CellsOf(WindowKeyKind kind) => kind == WindowKeyKind.Customer ? Customers : Categories;
}
