using System.Runtime.CompilerServices;

namespace StreamGuard.Scoring;

/// <summary>Decayed activity per hour of day, stored inline so a card profile is one allocation.</summary>
[InlineArray(24)]
internal struct HourBins
{
    private float _element;
}
