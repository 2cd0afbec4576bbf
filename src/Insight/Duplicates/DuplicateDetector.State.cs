namespace StreamGuard.Insight.Duplicates;

public sealed partial class DuplicateDetector
{
    /// <summary>The recent charges still inside the window.</summary>
    public void WriteState(BinaryWriter writer)
    {
        writer.Write(_maxTicks);
        writer.Write(_last.Count);
        foreach ((DuplicateKey key, (long ticks, string id)) in _last.OrderBy(e => e.Value.Ticks))
        {
            writer.Write(key.CardId);
            writer.Write(key.Merchant);
            writer.Write(key.Amount);
            writer.Write(ticks);
            writer.Write(id);
        }
    }

    /// <summary>Replaces the state with one written by <see cref="WriteState"/>.</summary>
    public void ReadState(BinaryReader reader)
    {
        _maxTicks = reader.ReadInt64();
        _last.Clear();
        _order.Clear();
        int count = reader.ReadInt32();
        for (int i = 0; i < count; i++)
        {
            var key = new DuplicateKey(reader.ReadString(), reader.ReadString(), reader.ReadDecimal());
            long ticks = reader.ReadInt64();
            _last[key] = (ticks, reader.ReadString());
            _order.Enqueue((key, ticks));
        }
    }
}
