namespace StreamGuard.Pipeline.State;

/// <summary>
/// A stateful stage whose keyed state can take in another instance's (a merged shard's second
/// parent): keys it does not hold yet are added, its own stay. Stages without it start a merge
/// child from the first parent's state alone.
/// </summary>
public interface IMergeableState
{
    void MergeState(byte[] state);
}
