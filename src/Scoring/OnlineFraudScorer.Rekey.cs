namespace StreamGuard.Scoring;

public sealed partial class OnlineFraudScorer
{
    /// <summary>During a key rotation: the card's learned behaviour moves from its old pseudonym to its new one.</summary>
    public void RekeyCard(string oldId, string newId)
    {
        if (oldId != newId && !_cards.ContainsKey(newId) && _cards.Remove(oldId, out CardProfile? profile))
        {
            _cards[newId] = profile;
        }
    }
}
