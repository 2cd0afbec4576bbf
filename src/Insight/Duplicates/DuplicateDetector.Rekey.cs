using StreamGuard.Privacy;

namespace StreamGuard.Insight.Duplicates;

public sealed partial class DuplicateDetector : IInsightModel
{
    string? IInsightModel.KeyDomain => PseudonymLink.Card;

    void IInsightModel.Rekey(IReadOnlyDictionary<string, string> oldToNew) => RekeyCards(oldToNew);

    /// <summary>During a key rotation: recent charges move to the cards' new pseudonyms.</summary>
    public void RekeyCards(IReadOnlyDictionary<string, string> oldToNew)
    {
        if (oldToNew.Count == 0)
        {
            return;
        }

        List<DuplicateKey> moving = [.. _last.Keys.Where(k => oldToNew.ContainsKey(k.CardId))];
        foreach (DuplicateKey key in moving)
        {
            _last.Remove(key, out (long Ticks, string TransactionId) held);
            var moved = key with { CardId = oldToNew[key.CardId] };
            if (_last.TryAdd(moved, held))
            {
                _order.Enqueue((moved, held.Ticks));
            }
        }
    }
}
