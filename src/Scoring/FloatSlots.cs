using System.Runtime.CompilerServices;

namespace StreamGuard.Scoring;

/// <summary>Eight floats stored inline.</summary>
[InlineArray(CardProfile.Slots)]
internal struct FloatSlots
{
    private float _element;
}
