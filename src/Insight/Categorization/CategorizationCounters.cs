namespace StreamGuard.Insight.Categorization;

/// <summary>What the merchant categorize stage did; written by its task, read by anyone (values may lag).</summary>
public sealed class CategorizationCounters
{
    internal long _mapped;
    internal long _learned;
    internal long _classified;
    internal long _lowConfidence;

    /// <summary>Transactions whose source category mapped to the taxonomy.</summary>
    public long Mapped => Volatile.Read(ref _mapped);

    public long Learned => Volatile.Read(ref _learned);

    /// <summary>Transactions given a category by the merchant-text model.</summary>
    public long Classified => Volatile.Read(ref _classified);

    /// <summary>Transactions left UNCATEGORIZED because the model was unsure or untrained.</summary>
    public long LowConfidence => Volatile.Read(ref _lowConfidence);
}
