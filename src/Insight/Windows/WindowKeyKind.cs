namespace StreamGuard.Insight.Windows;

/// <summary>What a window groups by.</summary>
public enum WindowKeyKind
{
    Customer = 0,
    Category = 1,
}
