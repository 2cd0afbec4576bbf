using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace StreamGuard.Core.Streaming;

/// <summary>
/// Places partition keys on shards as Kinesis does: the MD5 of the key's UTF-8 bytes, read as an
/// unsigned 128-bit big-endian integer, falls into one shard's hash-key range.
/// </summary>
public static class KinesisHashing
{
    public static UInt128 HashKey(string partitionKey)
    {
        int max = Encoding.UTF8.GetMaxByteCount(partitionKey.Length);
        Span<byte> utf8 = max <= 512 ? stackalloc byte[max] : new byte[max];
        int length = Encoding.UTF8.GetBytes(partitionKey, utf8);
        Span<byte> digest = stackalloc byte[16];
        MD5.HashData(utf8[..length], digest);
        return BinaryPrimitives.ReadUInt128BigEndian(digest);
    }

    /// <summary>The even split CreateStream makes: shard i starts at i * floor(2^128 / n).</summary>
    public static (UInt128 Start, UInt128 End)[] EvenRanges(int shardCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        BigInteger width = (BigInteger.One << 128) / shardCount;
        var ranges = new (UInt128, UInt128)[shardCount];
        for (int i = 0; i < shardCount; i++)
        {
            UInt128 start = (UInt128)(width * i);
            UInt128 end = i == shardCount - 1 ? UInt128.MaxValue : (UInt128)((width * (i + 1)) - 1);
            ranges[i] = (start, end);
        }

        return ranges;
    }

    /// <summary>Index of the range holding <paramref name="hashKey"/>; ranges sorted by start.</summary>
    public static int ShardIndexOf(UInt128 hashKey, ReadOnlySpan<(UInt128 Start, UInt128 End)> ranges)
    {
        int lo = 0, hi = ranges.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) / 2;
            if (ranges[mid].Start <= hashKey)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo;
    }
}
