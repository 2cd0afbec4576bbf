using System.Runtime.CompilerServices;

namespace StreamGuard.Scoring;

/// <summary>Dense inputs of the supervised model, inline.</summary>
[InlineArray(OnlineLogisticRegression.DenseLength)]
internal struct DenseFeatures
{
    private float _element;
}
