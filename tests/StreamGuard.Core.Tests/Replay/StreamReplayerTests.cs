using System.Collections.Concurrent;
using System.Text.Json;
using StreamGuard.Core.Model;
using StreamGuard.Core.Replay;
using StreamGuard.Core.Serialization;
using StreamGuard.Core.Streaming;

namespace StreamGuard.Core.Tests.Replay;

public sealed class StreamReplayerTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

    private static TransactionEvent Event(int i, string card) => new()
    {
        TransactionId = $"t{i}",
        EventTime = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(i),
        Amount = i,
        Merchant = "m",
        AccountId = card,
    };

    /// <summary>Records puts; fails the first attempt of every third entry, as a throttled shard would.</summary>
    private sealed class FlakyTarget : IStreamProducer
    {
        private readonly ConcurrentDictionary<string, int> _attempts = new();

        public ConcurrentQueue<TransactionEvent> Accepted { get; } = new();

        public int Calls;

        public int MaxBatch;

        public Task<PutRecordsResult> PutRecordsAsync(IReadOnlyList<PutRecordEntry> records, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            MaxBatch = Math.Max(MaxBatch, records.Count);
            var results = new List<PutRecordResult>();
            foreach (PutRecordEntry r in records)
            {
                TransactionEvent e = JsonSerializer.Deserialize(r.Data.Span, CoreJsonContext.Default.TransactionEvent)!;
                int attempt = _attempts.AddOrUpdate(e.TransactionId, 1, (_, n) => n + 1);
                bool fail = int.Parse(e.TransactionId[1..], System.Globalization.CultureInfo.InvariantCulture) % 3 == 0 && attempt == 1;
                if (!fail)
                {
                    Accepted.Enqueue(e);
                }

                results.Add(fail ? new PutRecordResult(null, null, "ProvisionedThroughputExceededException", "slow down") : new PutRecordResult("s", "1"));
            }

            return Task.FromResult(new PutRecordsResult(results));
        }
    }

    [Fact]
    public async Task Run_ParallelWithThrottledEntries_DeliversAllOnceWithinLimits()
    {
        var target = new FlakyTarget();
        List<TransactionEvent> events = Enumerable.Range(0, 3_000).Select(i => Event(i, $"card-{i % 7}")).ToList();

        ReplayProgress result = await new StreamReplayer(target, new ReplayOptions { Parallelism = 4, Linger = TimeSpan.FromMilliseconds(5) })
            .RunAsync(events, CancellationToken.None).WaitAsync(s_timeout);

        Assert.Equal(3_000, result.Sent);
        Assert.Equal(1_000, result.Retried);
        Assert.Equal(0, result.Failed);
        Assert.Equal(3_000, target.Accepted.Select(e => e.TransactionId).Distinct().Count());
        Assert.InRange(target.MaxBatch, 1, StreamLimits.MaxRecordsPerPut);
    }

    [Fact]
    public async Task Run_NoFailures_KeepsEachCardsOrder()
    {
        var target = new FlakyTarget();
        List<TransactionEvent> events = Enumerable.Range(0, 2_000).Select(i => Event((3 * i) + 1, $"card-{i % 13}")).ToList();

        await new StreamReplayer(target, new ReplayOptions { Parallelism = 3 }).RunAsync(events, CancellationToken.None).WaitAsync(s_timeout);

        foreach (IGrouping<string, TransactionEvent> card in target.Accepted.GroupBy(e => e.AccountId))
        {
            List<DateTimeOffset> times = card.Select(e => e.EventTime).ToList();
            Assert.Equal(times.Order(), times);
        }
    }

    [Fact]
    public void Pacer_FixedRate_SpacesEventsEvenly()
    {
        var time = new ManualTime();
        var pacer = new ReplayPacer(new ReplayOptions { Rate = 100 }, time);
        DateTimeOffset t = DateTimeOffset.UnixEpoch;

        Assert.Equal(TimeSpan.Zero, pacer.DelayBefore(t));
        Assert.Equal(TimeSpan.FromMilliseconds(10), pacer.DelayBefore(t));
        time.Advance(TimeSpan.FromMilliseconds(15));
        Assert.Equal(TimeSpan.FromMilliseconds(5), pacer.DelayBefore(t));
    }

    [Fact]
    public void Pacer_SpeedUp_ScalesEventTime()
    {
        var time = new ManualTime();
        var pacer = new ReplayPacer(new ReplayOptions { Speed = 60 }, time);
        DateTimeOffset start = DateTimeOffset.UnixEpoch;

        pacer.DelayBefore(start);
        Assert.Equal(TimeSpan.FromSeconds(1), pacer.DelayBefore(start.AddMinutes(1)));
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(TimeSpan.Zero, pacer.DelayBefore(start.AddMinutes(2)));
    }

    [Fact]
    public void Validate_ConflictingAndBadOptions_NamesEachOption()
    {
        var errors = new ReplayOptions { Rate = -1, Speed = 2, Parallelism = 0 }.Validate().ToList();

        Assert.Contains(errors, e => e.StartsWith("--rate", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("exclude each other", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("--parallel", StringComparison.Ordinal));
    }

    private sealed class ManualTime : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
