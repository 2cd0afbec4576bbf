using System.Runtime.CompilerServices;

namespace StreamGuard.Scoring;

/// <summary>The per-transaction features, stored inline (no allocation per event).</summary>
[InlineArray(Length)]
internal struct FeatureVector
{
    public const int Length = 19;

    // Indexes, named so every reader agrees on the layout.
    public const int AmountZCard = 0;
    public const int AmountZCategory = 1;
    public const int HourSurprise = 2;
    public const int CategorySurprise = 3;
    public const int NewMerchant = 4;
    public const int LogDistance = 5;
    public const int DistanceZCard = 6;
    public const int Count10Minutes = 7;
    public const int Count1Hour = 8;
    public const int Count24Hours = 9;
    public const int LogHoursSincePrevious = 10;
    public const int Spend24HoursRatio = 11;
    public const int Night = 12;
    public const int CardMaturity = 13;
    public const int HourOfDay = 14;
    public const int LogAmount = 15;
    public const int PriorSuspicion = 16;
    public const int LogJumpSpeed = 17;
    public const int TestCharges = 18;

    private float _element;
}
