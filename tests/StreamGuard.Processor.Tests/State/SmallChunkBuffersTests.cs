using StreamGuard.Pipeline.State;

namespace StreamGuard.Processor.Tests.State;

/// <summary>The capture buffers kept below the large-object threshold give back exactly what was written.</summary>
public sealed class SmallChunkBuffersTests
{
    [Fact]
    public void StateItems_ManyItemsOfMixedSizes_GiveBackEachItemAndRemovalInOrder()
    {
        var items = new StateItems(full: false);
        var random = new Random(7);
        List<byte[]> written = [];
        for (int i = 0; i < 20_000; i++)
        {
            // Mostly small items, some the size of a chunk or larger (a chunk of their own).
            int size = i % 997 == 0 ? 70_000 + random.Next(50_000) : random.Next(0, 300);
            byte[] data = new byte[size];
            random.NextBytes(data);
            written.Add(data);
            if (i % 2 == 0)
            {
                items.Upsert(3, i, data);
            }
            else
            {
                data.CopyTo(items.GetSpan(size));
                items.Upsert(4, i, size);
            }

            items.Remove(5, -i);
        }

        Assert.Equal(written.Count, items.UpsertCount);
        Assert.Equal(written.Count, items.RemovedCount);
        Assert.Equal(2 * written.Count, items.ChangedItems);
        for (int i = 0; i < written.Count; i++)
        {
            (byte kind, long key, ReadOnlyMemory<byte> data) = items.UpsertAt(i);
            Assert.Equal(i % 2 == 0 ? 3 : 4, kind);
            Assert.Equal(i, key);
            Assert.True(data.Span.SequenceEqual(written[i]), $"item {i} differs");
            Assert.Equal(((byte)5, (long)-i), items.RemovedAt(i));
        }

        long itemBytes = written.Sum(w => (long)w.Length);
        Assert.Equal(itemBytes + (9L * 2 * written.Count), items.Bytes);
        Assert.Throws<ArgumentOutOfRangeException>(() => items.UpsertAt(written.Count));
    }

    [Fact]
    public void SmallChunkStream_WrittenLikeAMemoryStream_GivesTheSameBytes()
    {
        using var chunks = new SmallChunkStream();
        using var memory = new MemoryStream();
        foreach (Stream stream in (Stream[])[chunks, memory])
        {
            using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            var r = new Random(3);
            for (int i = 0; i < 50_000; i++)
            {
                writer.Write(i);
                writer.Write((byte)i);
                writer.Write("card-" + i);
                writer.Write((decimal)i / 7);
                if (i % 5_000 == 0)
                {
                    byte[] block = new byte[r.Next(100_000, 200_000)];
                    r.NextBytes(block);
                    writer.Write(block);
                }
            }
        }

        Assert.Equal(memory.Length, chunks.Length);
        Assert.Equal(memory.ToArray(), chunks.ToArray());
        Assert.Empty(new SmallChunkStream().ToArray());
    }
}
