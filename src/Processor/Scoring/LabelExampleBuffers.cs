using System.Runtime.CompilerServices;

namespace StreamGuard.Processor.Scoring;

/// <summary>Dense inputs of the supervised model, inline.</summary>
[InlineArray(OnlineLogisticRegression.DenseLength)]
internal struct DenseFeatures
{
    private float _element;
}

/// <summary>Hashed cross-feature indexes, inline.</summary>
[InlineArray(OnlineLogisticRegression.HashedPerExample)]
internal struct HashedFeatures
{
    private int _element;
}
