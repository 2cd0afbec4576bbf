using StreamGuard.Insight.Windows;

namespace StreamGuard.Processor.Tests.Windows;

/// <summary>Window stages the window tests share.</summary>
internal static class WindowTestStages
{
    /// <summary>A stage keeping only per-category minute windows.</summary>
    public static WindowStage Minute(TimeSpan lateness, TimeSpan outOfOrder = default) => new(new WindowOptions
    {
        CustomerWindows = [],
        CategoryWindows = [WindowSize.Minute],
        AllowedLateness = lateness,
        MaxOutOfOrderness = outOfOrder,
    });
}
