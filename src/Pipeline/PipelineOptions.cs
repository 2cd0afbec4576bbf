using System.ComponentModel.DataAnnotations;
using StreamGuard.Core.Settings;

namespace StreamGuard.Pipeline;

/// <summary>How the pipeline reads shards and how much it may hold between stages.</summary>
public sealed record PipelineOptions
{
    /// <summary>Records asked of a shard per GetRecords call (Kinesis allows up to 10,000).</summary>
    [SettingRange(1, 10_000, ErrorMessage = "StreamGuard:Pipeline:RecordsPerRead must be 1 to 10000, the GetRecords limit.")]
    public int RecordsPerRead { get; set; } = 2_000;

    /// <summary>Batches each channel between stages holds before the writer waits (backpressure).</summary>
    [SettingRange(1, 1_000, ErrorMessage = "StreamGuard:Pipeline:ChannelCapacity must be 1 to 1000 batches.")]
    public int ChannelCapacity { get; set; } = 4;

    /// <summary>Wait after an empty read before polling the shard again.</summary>
    [TimeSpanRange("00:00:00", "00:00:30", MinimumIsExclusive = true, ErrorMessage = "StreamGuard:Pipeline:IdlePollInterval must be between 0 and 30 seconds (got {0}).")]
    public TimeSpan IdlePollInterval { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Source counters per block of the ordered embedded feed (<see cref="OrderedShardsFeed"/>): a block's
    /// records of one shard form one batch. Smaller blocks wait less for the writer (latency at a
    /// steady rate), larger ones carry less per-batch work. A resumed input should keep the same size,
    /// since batch boundaries follow from it.
    /// </summary>
    [SettingRange(1, 100_000, ErrorMessage = "StreamGuard:Pipeline:OrderedBlockSize must be 1 to 100000 records.")]
    public int OrderedBlockSize { get; set; } = 2_000;

    /// <summary>
    /// When no batch waits, how long a grouping sink's open batches (the SQLite write group) may wait for
    /// more before they commit. 0 commits whenever no batch waits. A commit per small batch rewrites every
    /// index page the batch touched; the batches count as accepted when written into the group, and a
    /// crash before the commit redelivers them from the committed checkpoint.
    /// </summary>
    [TimeSpanRange("00:00:00", "00:00:01", ErrorMessage = "StreamGuard:Pipeline:GroupCommitInterval must be between 0 and 1 second (got {0}).")]
    public TimeSpan GroupCommitInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Records a grouping sink's write group (the embedded SQLite store's) holds at most before it commits
    /// at full speed. Larger groups write fewer index pages per record; smaller ones lose less work to a
    /// crash (a crash redelivers the open group from the committed checkpoint, so nothing is lost either way).
    /// The indexes on ids, cards and customers take their rows in random order, so a commit rewrites
    /// most of their pages once they are large: 200,000 (20,000, then 40,000; docs/performance.md,
    /// round five and session 13).
    /// </summary>
    [SettingRange(1, 1_000_000, ErrorMessage = "StreamGuard:Pipeline:WriteGroupRecords must be 1 to 1000000 records.")]
    public int WriteGroupRecords { get; set; } = 200_000;

    /// <summary>
    /// A state barrier's save runs beside delivery (one at a time, in barrier order) instead of holding
    /// up every batch behind it; off: delivery waits for each save, as before round five.
    /// </summary>
    public bool SaveStateBesideDelivery { get; set; } = true;

    /// <summary>
    /// The embedded store copies its write-ahead log into the database file on a thread of its own at
    /// most this often (each copy ends with a sync of the file, which slows writes beside it).
    /// </summary>
    [TimeSpanRange("00:00:00", "00:01:00", MinimumIsExclusive = true, ErrorMessage = "StreamGuard:Pipeline:LogCopyInterval must be above 0 and at most 1 minute (got {0}).")]
    public TimeSpan LogCopyInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Where a shard with no checkpoint starts: TrimHorizon or Latest.</summary>
    [EnumDataType(typeof(IteratorPosition), ErrorMessage = "StreamGuard:Pipeline:InitialPosition must be TrimHorizon or Latest.")]
    public IteratorPosition InitialPosition { get; set; } = IteratorPosition.TrimHorizon;

    /// <summary>Events may carry times at most this far ahead of the clock.</summary>
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromDays(1);
}
