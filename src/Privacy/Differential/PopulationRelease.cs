namespace StreamGuard.Privacy.Differential;

/// <summary>
/// The differentially private population view at one moment, for the console's population
/// regions (spending by category, spending trend, segments): every value is noisy and carries
/// the half-width of its 95 % interval, and the budget it was paid from is stated.
/// </summary>
public sealed record PopulationRelease
{
    /// <summary>The period the running totals cover (e.g. the current day or month of event time).</summary>
    public required DateTimeOffset PeriodStart { get; init; }

    public required DateTimeOffset PeriodEnd { get; init; }

    /// <summary>Event time the release covers up to.</summary>
    public required DateTimeOffset AsOf { get; init; }

    /// <summary>Running totals per category of the fixed public category list, zeros included.</summary>
    public required IReadOnlyList<PopulationValue> Categories { get; init; }

    /// <summary>Total spending per earlier period (oldest first), for the trend chart.</summary>
    public required IReadOnlyList<PopulationValue> Trend { get; init; }

    /// <summary>Customers per segment.</summary>
    public required IReadOnlyList<PopulationValue> Segments { get; init; }

    public required string Mechanism { get; init; }

    public required double EpsilonSpent { get; init; }

    public required double EpsilonBudget { get; init; }

    /// <summary>True when the budget for the horizon is spent and releases have stopped.</summary>
    public required bool BudgetExhausted { get; init; }

    /// <summary>
    /// True when the noise drowns the data: the 95 % error of a category's running amount exceeds the average
    /// category's released amount (released total over the category list), so the charts mostly show noise.
    /// Decided on released values only (post-processing: no budget). The page should say so, not plot it.
    /// </summary>
    public bool NoiseExceedsSignal { get; init; }

    /// <summary>The per-person contribution bound the noise is calibrated to, in words (fixed by configuration, never by the data).</summary>
    public string? Bound { get; init; }

    /// <summary>Levels of the continual counter's tree (1: every step noised once, totals sum the steps): one person reaches this many noisy nodes.</summary>
    public int TreeLevels { get; init; }
}

/// <summary>One noisy value: a category, a period (ISO date) or a segment name, with its 95 % error half-width.</summary>
/// <param name="Count">Transactions (customers, for a segment).</param>
public sealed record PopulationValue(string Key, decimal Amount, decimal AmountError95, long Count, long CountError95)
{
    /// <summary>Customers who bought in the category (each counts in at most ContinualMaxCategoriesPerCustomer categories); 0 where not released.</summary>
    public long Customers { get; init; }

    public long CustomersError95 { get; init; }

    /// <summary>The plain verdict on the headline value (the amount; the count for a segment): its 95 % error exceeds it, so it is mostly noise.</summary>
    public bool NoiseExceedsSignal { get; init; }
}
