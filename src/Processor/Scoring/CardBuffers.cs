using System.Runtime.CompilerServices;

namespace StreamGuard.Processor.Scoring;

/// <summary>Decayed activity per hour of day, stored inline so a card profile is one allocation.</summary>
[InlineArray(24)]
internal struct HourBins
{
    private float _element;
}

/// <summary>Eight small integers (category indexes or merchant hashes) stored inline.</summary>
[InlineArray(CardProfile.Slots)]
internal struct IntSlots
{
    private int _element;
}

/// <summary>Eight floats stored inline.</summary>
[InlineArray(CardProfile.Slots)]
internal struct FloatSlots
{
    private float _element;
}

/// <summary>Eight event times (ticks) stored inline.</summary>
[InlineArray(CardProfile.Slots)]
internal struct TickSlots
{
    private long _element;
}
