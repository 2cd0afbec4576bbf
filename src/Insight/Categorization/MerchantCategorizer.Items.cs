using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using StreamGuard.Pipeline.State;

namespace StreamGuard.Insight.Categorization;

/// <summary>
/// The model as keyed items for incremental saves: the head holds the classes and their totals, and
/// each hashed feature's row of per-class counts is one item (kind 1, key = the feature's bucket). A
/// save writes the rows learning touched since the previous save (merchant names repeat, so a few
/// thousand rows of the 262,144) instead of the whole 16 MB table.
/// </summary>
public sealed partial class MerchantCategorizer : IItemState
{
    private const byte RowItem = 1;
    private ulong[]? _dirtyRows;

    /// <summary>Marks the rows of <paramref name="features"/> changed, once a store keeps items.</summary>
    private void RowsChanged(ReadOnlySpan<int> features)
    {
        if (_dirtyRows is { } dirty)
        {
            foreach (int f in features)
            {
                dirty[f >> 6] |= 1UL << (f & 63);
            }
        }
    }

    public void CaptureItems(StateItems into, BinaryWriter head)
    {
        ArgumentNullException.ThrowIfNull(into);
        WriteHead(head);
        into.Full |= _dirtyRows is null;
        int rowBytes = _stride * sizeof(float);
        if (into.Full)
        {
            // Rows never learned are zero: a restore starts from zeros, so they are not written.
            for (int f = 0; f < _buckets; f++)
            {
                if (_counts.AsSpan(f * _stride, _stride).ContainsAnyExcept(0f))
                {
                    WriteRow(into, f, rowBytes);
                }
            }
        }
        else
        {
            ulong[] dirty = _dirtyRows!;
            for (int w = 0; w < dirty.Length; w++)
            {
                for (ulong bits = dirty[w]; bits != 0; bits &= bits - 1)
                {
                    WriteRow(into, (w << 6) + BitOperations.TrailingZeroCount(bits), rowBytes);
                }
            }
        }

        if (_dirtyRows is null)
        {
            _dirtyRows = new ulong[(_buckets + 63) >> 6];
        }
        else
        {
            Array.Clear(_dirtyRows);
        }
    }

    public void RestoreItems(BinaryReader head, IEnumerable<StateItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        ReadHead(head);
        Array.Clear(_counts);
        int rowBytes = _stride * sizeof(float);
        foreach (StateItem item in items)
        {
            if (item.Kind != RowItem || item.Key < 0 || item.Key >= _buckets || item.Data.Length != rowBytes)
            {
                throw new InvalidDataException($"A saved merchant model item (kind {item.Kind}, key {item.Key}, {item.Data.Length} bytes) does not fit this model ({_buckets} rows of {rowBytes} bytes).");
            }

            Span<float> row = _counts.AsSpan((int)item.Key * _stride, _stride);
            for (int c = 0; c < row.Length; c++)
            {
                row[c] = BinaryPrimitives.ReadSingleLittleEndian(item.Data.AsSpan(c * sizeof(float)));
            }
        }

        _dirtyRows = new ulong[(_buckets + 63) >> 6];
    }

    private void WriteRow(StateItems into, int feature, int rowBytes)
    {
        ReadOnlySpan<float> row = _counts.AsSpan(feature * _stride, _stride);
        Span<byte> span = into.GetSpan(rowBytes);
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(row).CopyTo(span);
        }
        else
        {
            for (int c = 0; c < row.Length; c++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(span[(c * sizeof(float))..], row[c]);
            }
        }

        into.Upsert(RowItem, feature, rowBytes);
    }
}
