using StreamGuard.Pipeline;
using StreamGuard.Pipeline.State;

namespace StreamGuard.Privacy.Differential;

/// <summary>
/// The stream's side of the DP releases as the last stage of the embedded chain: it counts each batch into
/// the open release windows (<see cref="StreamReleaseWindows"/>) and hands the windows every shard has passed
/// to the report sink. Being a stage, the open windows are captured at barriers with the rest of the state
/// and restored with the stream positions, so a kill never loses what a window had counted (the report used
/// to keep them in memory only). aws workers have <see cref="ReleasePartialsStage"/>, one per shard.
/// </summary>
public sealed class StreamReleaseStage : IPipelineStage, IIncrementalState
{
    public const string StageName = "release-windows";
    private const string WholeFormat = StageName + "/1";
    private const string ItemsFormat = StageName + "/items1";
    private readonly PrivateCategoryReport _report;

    /// <param name="report">The report the windows are released by: it reads them at the end of a finite input, and says whether to hold them until then.</param>
    public StreamReleaseStage(PrivateCategoryReport report, int shardCount)
    {
        _report = report;
        Windows = new StreamReleaseWindows(report.Options, shardCount);
        report.Attach(Windows);
    }

    public StreamReleaseWindows Windows { get; }

    public string Name => StageName;

    public string StateName => StageName;

    public bool SupportsItems => true;

    public bool Incremental { get; set; }

    public void Process(RecordBatch batch) => Windows.Observe(batch, _report.HoldUntilComplete);

    public StateItems CaptureItems()
    {
        var items = new StateItems(full: false);
        items.Head = StateBytes.Write(ItemsFormat, head => Windows.CaptureItems(items, head));
        return items;
    }

    public void RestoreItems(byte[] head, IEnumerable<StateItem> items, bool streamContinues)
    {
        StateBytes.Read(head, ItemsFormat, reader => Windows.RestoreItems(reader, items));
        Restored(streamContinues);
    }

    /// <summary>The whole state (a store without items): the items' head, then every open window.</summary>
    public byte[] CaptureState()
    {
        var items = new StateItems(full: true);
        byte[] head = StateBytes.Write(ItemsFormat, writer => Windows.CaptureItems(items, writer));
        return StateBytes.Write(WholeFormat, writer =>
        {
            writer.Write(head.Length);
            writer.Write(head);
            writer.Write(items.UpsertCount);
            for (int i = 0; i < items.UpsertCount; i++)
            {
                (byte kind, long key, ReadOnlyMemory<byte> data) = items.UpsertAt(i);
                writer.Write(kind);
                writer.Write(key);
                writer.Write(data.Length);
                writer.Write(data.Span);
            }
        });
    }

    public void RestoreState(byte[] state, bool streamContinues)
    {
        byte[] head = [];
        var items = new List<StateItem>();
        StateBytes.Read(state, WholeFormat, reader =>
        {
            head = reader.ReadBytes(reader.ReadInt32());
            int count = reader.ReadInt32();
            for (int i = 0; i < count; i++)
            {
                byte kind = reader.ReadByte();
                long key = reader.ReadInt64();
                items.Add(new StateItem(kind, key, reader.ReadBytes(reader.ReadInt32())));
            }
        });
        RestoreItems(head, items, streamContinues);
        Windows.CaptureAllNext();
    }

    private void Restored(bool streamContinues)
    {
        if (!streamContinues)
        {
            Windows.ForgetOpenWindows();
        }
    }
}
