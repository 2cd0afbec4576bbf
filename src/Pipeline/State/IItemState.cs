namespace StreamGuard.Pipeline.State;

/// <summary>
/// A model whose state is a small head plus keyed items, so a save writes only the items changed
/// since the previous one (see <see cref="IIncrementalState"/>).
/// </summary>
public interface IItemState
{
    /// <summary>
    /// Writes the head into <paramref name="head"/> and, into <paramref name="into"/>, the items changed
    /// or removed since the previous call, or every item when <see cref="StateItems.Full"/> is set or the
    /// model lost track of its changes (it then sets <see cref="StateItems.Full"/>). Tracks changes from here on.
    /// </summary>
    void CaptureItems(StateItems into, BinaryWriter head);

    /// <summary>Replaces the whole state with a head and every item a store holds for it; tracks changes from here on.</summary>
    void RestoreItems(BinaryReader head, IEnumerable<StateItem> items);
}
