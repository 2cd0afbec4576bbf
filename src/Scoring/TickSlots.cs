using System.Runtime.CompilerServices;

namespace StreamGuard.Scoring;

/// <summary>Eight event times (ticks) stored inline.</summary>
[InlineArray(CardProfile.Slots)]
internal struct TickSlots
{
    private long _element;
}
