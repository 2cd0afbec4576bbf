namespace StreamGuard.Insight.Windows;

/// <summary>The tumbling window sizes, from finest to coarsest.</summary>
public enum WindowSize
{
    Minute = 0,
    Hour = 1,
    Day = 2,
    Month = 3,
}
