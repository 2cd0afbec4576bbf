namespace StreamGuard.Core.Ingestion;

/// <summary>Where each known Sparkov column stands in a file's header (-1 when absent).</summary>
internal sealed class SparkovColumns
{
    private static readonly string[] s_required = ["trans_date_trans_time", "cc_num", "merchant", "category", "amt", "trans_num"];

    public int Time { get; private init; } = -1;
    public int CardNumber { get; private init; } = -1;
    public int Merchant { get; private init; } = -1;
    public int Category { get; private init; } = -1;
    public int Amount { get; private init; } = -1;
    public int First { get; private init; } = -1;
    public int Last { get; private init; } = -1;
    public int Gender { get; private init; } = -1;
    public int Street { get; private init; } = -1;
    public int City { get; private init; } = -1;
    public int State { get; private init; } = -1;
    public int Zip { get; private init; } = -1;
    public int Lat { get; private init; } = -1;
    public int Long { get; private init; } = -1;
    public int CityPop { get; private init; } = -1;
    public int Job { get; private init; } = -1;
    public int Dob { get; private init; } = -1;
    public int TransNum { get; private init; } = -1;
    public int MerchLat { get; private init; } = -1;
    public int MerchLong { get; private init; } = -1;
    public int IsFraud { get; private init; } = -1;
    public int Count { get; private init; }

    public static SparkovColumns FromHeader(IReadOnlyList<string> header)
    {
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < header.Count; i++)
        {
            index.TryAdd(header[i].Trim().Trim('\uFEFF'), i);
        }

        string[] missing = s_required.Where(name => !index.ContainsKey(name)).ToArray();
        if (missing.Length > 0)
        {
            throw new InputFormatException(
                $"Not a Sparkov transactions CSV: the header lacks {string.Join(", ", missing)} " +
                $"(found: {string.Join(", ", header.Select(h => h.Length == 0 ? "<unnamed>" : h))}).");
        }

        int At(string name) => index.TryGetValue(name, out int i) ? i : -1;
        return new SparkovColumns
        {
            Time = At("trans_date_trans_time"),
            CardNumber = At("cc_num"),
            Merchant = At("merchant"),
            Category = At("category"),
            Amount = At("amt"),
            First = At("first"),
            Last = At("last"),
            Gender = At("gender"),
            Street = At("street"),
            City = At("city"),
            State = At("state"),
            Zip = At("zip"),
            Lat = At("lat"),
            Long = At("long"),
            CityPop = At("city_pop"),
            Job = At("job"),
            Dob = At("dob"),
            TransNum = At("trans_num"),
            MerchLat = At("merch_lat"),
            MerchLong = At("merch_long"),
            IsFraud = At("is_fraud"),
            Count = header.Count,
        };
    }
}
