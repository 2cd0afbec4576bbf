namespace StreamGuard.Insight.Windows;

/// <summary>
/// What one transaction added to the windows, kept so that a correction can subtract exactly that.
/// <see cref="Applied"/> has one bit per (key kind, window size) the amount went into.
/// </summary>
public readonly record struct Contribution(long EventUtcTicks, decimal Amount, string CustomerId, string Category, int Applied);
