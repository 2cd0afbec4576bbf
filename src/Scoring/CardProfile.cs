namespace StreamGuard.Scoring;

/// <summary>
/// What one card usually does, decayed in event time and fixed in size (a few hundred bytes):
/// how far its amounts sit above or below each category's typical amount (in log space), distance
/// statistics, active hours, usual categories, the merchants it has used (a Bloom filter) and the
/// times, amounts and distances of the last eight purchases (for velocity, card testing and
/// impossible travel).
/// </summary>
internal sealed class CardProfile
{
    public const int Slots = 8;

    public long FirstTicks;
    public long SuspicionTicks;
    public float Suspicion;
    public long LastTicks;
    public int Count;
    /// <summary>Log amount minus the category's population mean: the card's spending level and spread.</summary>
    public RunningStat Amount;
    public RunningStat Distance;
    public HourBins Hours;
    public float HourTotal;
    public IntSlots Categories;
    public FloatSlots CategoryWeights;
    public float CategoryTotal;
    public MerchantBits Merchants;
    public TickSlots RecentTicks;
    public FloatSlots RecentAmounts;
    /// <summary>Distance from home of the recent purchases (NaN when unknown), to spot impossible jumps.</summary>
    public FloatSlots RecentDistances;
    public byte RecentPos;
    /// <summary>Purchases and spend decayed with a one-week time constant (the model's 7-day window).</summary>
    public float WeekCount;
    public float WeekSpend;
    public double AmountTotal;

    public float CategoryWeight(int category)
    {
        for (int i = 0; i < Slots; i++)
        {
            if (Categories[i] == category + 1)
            {
                return CategoryWeights[i];
            }
        }

        return 0;
    }

    public bool KnowsMerchant(int merchantHash)
    {
        var (word1, bit1, word2, bit2) = MerchantBitsOf(merchantHash);
        return (Merchants[word1] & bit1) != 0 && (Merchants[word2] & bit2) != 0;
    }

    private static (int, ulong, int, ulong) MerchantBitsOf(int merchantHash)
    {
        uint h = (uint)merchantHash;
        uint h2 = (h * 0x9E3779B1u) ^ (h >> 16);
        return ((int)((h >> 6) & 7), 1UL << (int)(h & 63), (int)((h2 >> 6) & 7), 1UL << (int)(h2 & 63));
    }

    /// <summary>Purchases within <paramref name="window"/> before <paramref name="ticks"/>, and their total amount.</summary>
    public (int Count, double Spend) Recent(long ticks, long window)
    {
        int count = 0;
        double spend = 0;
        for (int i = 0; i < Slots; i++)
        {
            long at = RecentTicks[i];
            if (at != 0 && ticks - at <= window && ticks >= at)
            {
                count++;
                spend += RecentAmounts[i];
            }
        }

        return (count, spend);
    }

    /// <summary>Purchases within <paramref name="window"/> before <paramref name="ticks"/> under <paramref name="limit"/>.</summary>
    public int RecentSmall(long ticks, long window, double limit)
    {
        int count = 0;
        for (int i = 0; i < Slots; i++)
        {
            long at = RecentTicks[i];
            if (at != 0 && ticks - at <= window && ticks >= at && RecentAmounts[i] < limit)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// The fastest the card would have had to travel away from home to reach <paramref name="km"/>
    /// from any purchase of the last day (km/h; moving towards home does not count).
    /// </summary>
    public double OutwardSpeed(long ticks, double km)
    {
        double fastest = 0;
        for (int i = 0; i < Slots; i++)
        {
            long at = RecentTicks[i];
            float from = RecentDistances[i];
            if (at != 0 && ticks >= at && ticks - at <= FeatureExtractor.OneDay && !float.IsNaN(from) && km > from)
            {
                double hours = Math.Max(0.25, (ticks - at) / (double)TimeSpan.TicksPerHour);
                fastest = Math.Max(fastest, (km - from) / hours);
            }
        }

        return fastest;
    }

    public void Learn(long ticks, double amountResidual, double amount, double? logDistance, int hour, int category, int merchantHash, double halfLifeTicks)
    {
        if (Count > 0 && ticks > LastTicks)
        {
            double factor = Math.Pow(2, -(ticks - LastTicks) / halfLifeTicks);
            Amount.Decay(factor);
            Distance.Decay(factor);
            for (int i = 0; i < 24; i++)
            {
                Hours[i] = (float)(Hours[i] * factor);
            }

            HourTotal = (float)(HourTotal * factor);
            for (int i = 0; i < Slots; i++)
            {
                CategoryWeights[i] = (float)(CategoryWeights[i] * factor);
            }

            CategoryTotal = (float)(CategoryTotal * factor);
        }

        if (Count == 0)
        {
            FirstTicks = ticks;
        }

        double week = WeekFactor(ticks);
        WeekCount = (float)((WeekCount * week) + 1);
        WeekSpend = (float)((WeekSpend * week) + amount);
        AmountTotal += amount;

        Amount.Add(amountResidual);
        if (logDistance is { } d)
        {
            Distance.Add(d);
        }

        Hours[hour] += 1;
        HourTotal += 1;
        AddCategory(category);
        CategoryTotal += 1;
        var (word1, bit1, word2, bit2) = MerchantBitsOf(merchantHash);
        Merchants[word1] |= bit1;
        Merchants[word2] |= bit2;

        RecentTicks[RecentPos] = ticks;
        RecentAmounts[RecentPos] = (float)amount;
        RecentDistances[RecentPos] = logDistance is { } km ? (float)(Math.Exp(km) - 1) : float.NaN;
        RecentPos = (byte)((RecentPos + 1) % Slots);
        LastTicks = Math.Max(LastTicks, ticks);
        Count = Count == int.MaxValue ? Count : Count + 1;
    }

    /// <summary>Purchases and spend of the last week before <paramref name="ticks"/>, decayed (a purchase a week ago counts 1/e).</summary>
    public (double Count, double Spend) Week(long ticks)
    {
        double factor = WeekFactor(ticks);
        return (WeekCount * factor, WeekSpend * factor);
    }

    private double WeekFactor(long ticks) =>
        Count == 0 ? 0 : Math.Exp(-Math.Max(0, ticks - LastTicks) / (double)TimeSpan.TicksPerDay / 7);

    private void AddCategory(int category)
    {
        int weakest = 0;
        for (int i = 0; i < Slots; i++)
        {
            if (Categories[i] == category + 1)
            {
                CategoryWeights[i] += 1;
                return;
            }

            if (CategoryWeights[i] < CategoryWeights[weakest])
            {
                weakest = i;
            }
        }

        Categories[weakest] = category + 1;
        CategoryWeights[weakest] = 1;
    }

    /// <summary>The shortest run of hours (wrapping midnight) that holds 80% of the card's activity.</summary>
    /// <summary>How suspicious the card's recent purchases were, fading with a 12-hour half-life.</summary>
    public double SuspicionAt(long ticks) =>
        Suspicion <= 0 ? 0 : Suspicion * Math.Pow(2, -Math.Max(0, ticks - SuspicionTicks) / (double)(12 * TimeSpan.TicksPerHour));

    public void NoteSuspicion(long ticks, double evidence)
    {
        double carried = SuspicionAt(ticks);
        Suspicion = (float)Math.Max(carried, evidence);
        SuspicionTicks = Math.Max(SuspicionTicks, ticks);
    }

    /// <summary>Purchases per day lately: decayed activity over the time the memory spans.</summary>
    public double DailyRate(long ticks, double halfLifeTicks)
    {
        double days = Math.Max(1, Math.Min((ticks - FirstTicks) / (double)TimeSpan.TicksPerDay, halfLifeTicks / Math.Log(2) / TimeSpan.TicksPerDay));
        return Math.Max(0.2, HourTotal / days);
    }

    public (int Start, int End) UsualHours()
    {
        double total = 0;
        for (int i = 0; i < 24; i++)
        {
            total += Hours[i];
        }

        for (int length = 1; length <= 24; length++)
        {
            double best = -1;
            int bestStart = 0;
            for (int start = 0; start < 24; start++)
            {
                double sum = 0;
                for (int k = 0; k < length; k++)
                {
                    sum += Hours[(start + k) % 24];
                }

                if (sum > best)
                {
                    best = sum;
                    bestStart = start;
                }
            }

            if (best >= 0.8 * total)
            {
                return (bestStart, (bestStart + length) % 24);
            }
        }

        return (0, 0);
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(FirstTicks);
        writer.Write(SuspicionTicks);
        writer.Write(Suspicion);
        writer.Write(LastTicks);
        writer.Write(Count);
        Amount.Write(writer);
        Distance.Write(writer);
        for (int i = 0; i < 24; i++)
        {
            writer.Write(Hours[i]);
        }

        writer.Write(HourTotal);
        for (int i = 0; i < Slots; i++)
        {
            writer.Write(Categories[i]);
            writer.Write(CategoryWeights[i]);
            writer.Write(Merchants[i]);
            writer.Write(RecentTicks[i]);
            writer.Write(RecentAmounts[i]);
            writer.Write(RecentDistances[i]);
        }

        writer.Write(CategoryTotal);
        writer.Write(RecentPos);
        writer.Write(WeekCount);
        writer.Write(WeekSpend);
        writer.Write(AmountTotal);
    }

    public static CardProfile Read(BinaryReader reader)
    {
        var profile = new CardProfile { FirstTicks = reader.ReadInt64(), SuspicionTicks = reader.ReadInt64(), Suspicion = reader.ReadSingle(), LastTicks = reader.ReadInt64(), Count = reader.ReadInt32() };
        profile.Amount = RunningStat.Read(reader);
        profile.Distance = RunningStat.Read(reader);
        for (int i = 0; i < 24; i++)
        {
            profile.Hours[i] = reader.ReadSingle();
        }

        profile.HourTotal = reader.ReadSingle();
        for (int i = 0; i < Slots; i++)
        {
            profile.Categories[i] = reader.ReadInt32();
            profile.CategoryWeights[i] = reader.ReadSingle();
            profile.Merchants[i] = reader.ReadUInt64();
            profile.RecentTicks[i] = reader.ReadInt64();
            profile.RecentAmounts[i] = reader.ReadSingle();
            profile.RecentDistances[i] = reader.ReadSingle();
        }

        profile.CategoryTotal = reader.ReadSingle();
        profile.RecentPos = reader.ReadByte();
        profile.WeekCount = reader.ReadSingle();
        profile.WeekSpend = reader.ReadSingle();
        profile.AmountTotal = reader.ReadDouble();
        return profile;
    }
}
