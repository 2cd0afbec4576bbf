using System.Runtime.CompilerServices;

namespace StreamGuard.Scoring;

/// <summary>Hashed cross-feature indexes, inline.</summary>
[InlineArray(OnlineLogisticRegression.HashedPerExample)]
internal struct HashedFeatures
{
    private int _element;
}
