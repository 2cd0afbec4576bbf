using StreamGuard.Privacy;

namespace StreamGuard.Insight.Segments;

public sealed partial class CustomerSegmenter : IInsightModel
{
    string? IInsightModel.KeyDomain => PseudonymLink.Customer;

    void IInsightModel.Rekey(IReadOnlyDictionary<string, string> oldToNew) => RekeyCustomers(oldToNew);

    /// <summary>During a key rotation: behaviour profiles and segments move to the customers' new pseudonyms.</summary>
    public void RekeyCustomers(IReadOnlyDictionary<string, string> oldToNew)
    {
        foreach ((string oldId, string newId) in oldToNew)
        {
            if (!_profiles.ContainsKey(newId) && _profiles.Remove(oldId, out CustomerProfile? profile))
            {
                _profiles[newId] = profile;
            }
        }
    }
}
