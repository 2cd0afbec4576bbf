using System.Runtime.CompilerServices;

namespace StreamGuard.Scoring;

/// <summary>A 512-bit Bloom filter of merchants the card has used, inline.</summary>
[InlineArray(8)]
internal struct MerchantBits
{
    private ulong _element;
}
