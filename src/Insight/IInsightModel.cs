namespace StreamGuard.Insight;

/// <summary>
/// A learned insight model (budgets, duplicates, segments, windows, categoriser) as its
/// <see cref="InsightStage{TModel}"/> drives it: re-keyed during a key rotation, its state saved
/// with the stream checkpoint and restored on restart.
/// </summary>
public interface IInsightModel
{
    /// <summary>The pseudonym domain the model is keyed by (<c>PseudonymLink.Card</c> or <c>PseudonymLink.Customer</c>); null when it keeps no per-card or per-customer state.</summary>
    string? KeyDomain { get; }

    /// <summary>During a key rotation: moves state from old pseudonyms of <see cref="KeyDomain"/> to new ones.</summary>
    void Rekey(IReadOnlyDictionary<string, string> oldToNew);

    void WriteState(BinaryWriter writer);

    /// <summary>Replaces the whole state with one written by <see cref="WriteState"/>.</summary>
    void ReadState(BinaryReader reader);

    /// <summary>
    /// Takes in another instance's state, written by <see cref="WriteState"/> under the same settings (a merged
    /// shard's second parent): keys it does not hold are added, counts kept for the same key (a category's window,
    /// a class's word counts) are added up, and what was learned from all keys stays its own.
    /// </summary>
    void MergeState(BinaryReader reader);
}
