using System.Runtime.CompilerServices;

namespace StreamGuard.Processor.Scoring;

/// <summary>Decayed activity per hour of day, stored inline so a card profile is one allocation.</summary>
[InlineArray(24)]
internal struct HourBins
{
    private float _element;
}

/// <summary>Eight category indexes stored inline.</summary>
[InlineArray(CardProfile.Slots)]
internal struct IntSlots
{
    private int _element;
}

/// <summary>A 512-bit Bloom filter of merchants the card has used, inline.</summary>
[InlineArray(8)]
internal struct MerchantBits
{
    private ulong _element;
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
