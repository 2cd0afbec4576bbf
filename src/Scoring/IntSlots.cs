using System.Runtime.CompilerServices;

namespace StreamGuard.Scoring;

/// <summary>Eight category indexes stored inline.</summary>
[InlineArray(CardProfile.Slots)]
internal struct IntSlots
{
    private int _element;
}
