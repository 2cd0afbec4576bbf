using System.Diagnostics;

namespace StreamGuard.Pipeline.Tail;

/// <summary>
/// Where the latency tail comes from. The pipeline reports every step that took at least
/// <see cref="StallMs"/> (a stage's batch, a state capture at a barrier, a sink write, a commit, a
/// checkpoint, a state save) with the GC pause inside it, and every delivered batch; a batch with
/// records slower than <see cref="SlowMs"/> is put down to whatever overlapped its wait the most:
/// one kind of stall, GC pauses, or nothing in particular (queueing). Bounded: a ring of recent
/// stalls and GC samples, a dozen longest stalls, totals by kind.
/// </summary>
public sealed class LatencyTail
{
    /// <summary>Steps at least this long are stalls.</summary>
    public const double StallMs = 50;

    /// <summary>The p99 goal at a steady rate: records slower than this are slow.</summary>
    public const double DefaultSlowMs = 250;

    private const int RecentStalls = 1_024;
    private const int GcSamples = 8_192;
    private const int LongestKept = 12;

    /// <summary>A cause must take at least this share of a slow batch's wait to be named; below it the batch was only queueing.</summary>
    private const double CauseShare = 0.25;

    private readonly Lock _lock = new();
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly Stall[] _recent = new Stall[RecentStalls];
    private readonly long[] _gcAt = new long[GcSamples];
    private readonly long[] _gcTicks = new long[GcSamples];
    private readonly List<TailStall> _longest = [];
    private readonly Dictionary<string, KindTotals> _kinds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _causes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _overlap = new(StringComparer.Ordinal);
    private int _recentNext;
    private int _recentCount;
    private int _gcNext;
    private int _gcCount;
    private long _slowRecords;
    private long _slowBatches;
    private double _streamMs;
    private double _stagesMs;
    private double _deliveryMs;

    public LatencyTail(double slowMs = DefaultSlowMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(slowMs);
        SlowMs = slowMs;
    }

    public double SlowMs { get; }

    /// <summary>The GC pause so far, in TimeSpan ticks: take it when a step starts and pass it to <see cref="Step"/>.</summary>
    public static long GcPauseTicks() => GC.GetTotalPauseDuration().Ticks;

    /// <summary>A step of the pipeline ended: kept when it took at least <see cref="StallMs"/>.</summary>
    /// <param name="kind">What the step was (stage:NAME, capture:NAME, sink:NAME, checkpoint, state_save, commit).</param>
    /// <param name="started">Its start, a <see cref="Stopwatch.GetTimestamp"/> value.</param>
    /// <param name="gcAtStart">The <see cref="GcPauseTicks"/> at its start.</param>
    public void Step(string kind, long started, long gcAtStart)
    {
        long ended = Stopwatch.GetTimestamp();
        if (Stopwatch.GetElapsedTime(started, ended).TotalMilliseconds >= StallMs)
        {
            Step(kind, started, ended, TimeSpan.FromTicks(GcPauseTicks() - gcAtStart).TotalMilliseconds);
        }
    }

    /// <summary>A step from <paramref name="started"/> to <paramref name="ended"/> (<see cref="Stopwatch.GetTimestamp"/> values) with <paramref name="gcMs"/> of GC pause inside it.</summary>
    public void Step(string kind, long started, long ended, double gcMs)
    {
        double ms = Stopwatch.GetElapsedTime(started, ended).TotalMilliseconds;
        if (ms < StallMs)
        {
            return;
        }

        lock (_lock)
        {
            _recent[_recentNext] = new Stall(started, ended, kind, ms, gcMs);
            _recentNext = (_recentNext + 1) % RecentStalls;
            _recentCount = Math.Min(_recentCount + 1, RecentStalls);
            if (!_kinds.TryGetValue(kind, out KindTotals? totals))
            {
                totals = new KindTotals();
                _kinds[kind] = totals;
            }

            totals.Count++;
            totals.Ms += ms;
            totals.GcMs += gcMs;
            totals.MaxMs = Math.Max(totals.MaxMs, ms);
            if (_longest.Count < LongestKept || ms > _longest[^1].Ms)
            {
                var stall = new TailStall(kind, Math.Round(ms, 1), Math.Round(gcMs, 1), Math.Round(Stopwatch.GetElapsedTime(_started, ended).TotalSeconds, 2));
                int at = _longest.FindIndex(s => s.Ms < ms);
                _longest.Insert(at < 0 ? _longest.Count : at, stall);
                if (_longest.Count > LongestKept)
                {
                    _longest.RemoveAt(_longest.Count - 1);
                }
            }
        }
    }

    /// <summary>
    /// A batch reached every sink. <paramref name="slowRecords"/> of its records took longer than
    /// <see cref="SlowMs"/>, the oldest <paramref name="oldestMs"/> (appended to the stream -> delivered).
    /// </summary>
    /// <param name="received">When the feed took the batch (<see cref="RecordBatch.ReceivedTimestamp"/>; 0 when unknown).</param>
    /// <param name="dequeued">When the delivery step took it from the last stage's channel.</param>
    public void Delivered(int slowRecords, double oldestMs, long received, long dequeued)
    {
        long now = Stopwatch.GetTimestamp();
        long gcNow = GcPauseTicks();
        lock (_lock)
        {
            _gcAt[_gcNext] = now;
            _gcTicks[_gcNext] = gcNow;
            _gcNext = (_gcNext + 1) % GcSamples;
            _gcCount = Math.Min(_gcCount + 1, GcSamples);
            if (slowRecords <= 0)
            {
                return;
            }

            long start = now - (long)(oldestMs * Stopwatch.Frequency / 1000.0);
            _slowRecords += slowRecords;
            _slowBatches++;
            if (received != 0)
            {
                _streamMs += Math.Max(0, Stopwatch.GetElapsedTime(start, received).TotalMilliseconds);
                _stagesMs += Stopwatch.GetElapsedTime(received, dequeued).TotalMilliseconds;
            }

            _deliveryMs += Stopwatch.GetElapsedTime(dequeued, now).TotalMilliseconds;
            string cause = CauseOf(start, now, oldestMs, gcNow);
            _causes[cause] = _causes.GetValueOrDefault(cause) + slowRecords;
        }
    }

    public TailSummary Summary()
    {
        lock (_lock)
        {
            double slowBatches = Math.Max(1, _slowBatches);
            return new TailSummary
            {
                SlowMs = SlowMs,
                SlowRecords = _slowRecords,
                SlowRecordsByCause = _causes.OrderByDescending(c => c.Value).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal),
                SlowBatchPhaseMs = new Dictionary<string, double>(StringComparer.Ordinal)
                {
                    ["stream"] = Math.Round(_streamMs / slowBatches, 1),
                    ["stages"] = Math.Round(_stagesMs / slowBatches, 1),
                    ["delivery"] = Math.Round(_deliveryMs / slowBatches, 1),
                },
                StallsByKind = _kinds.OrderByDescending(k => k.Value.Ms).ToDictionary(
                    k => k.Key,
                    k => new TailKindTotals(k.Value.Count, Math.Round(k.Value.Ms / 1000, 3), Math.Round(k.Value.MaxMs, 1), Math.Round(k.Value.GcMs / 1000, 3)),
                    StringComparer.Ordinal),
                LongestStalls = [.. _longest],
            };
        }
    }

    /// <summary>What overlapped [start, end] the most: a kind of stall (less the GC inside it), GC pauses, or nothing in particular.</summary>
    private string CauseOf(long start, long end, double waitMs, long gcNow)
    {
        _overlap.Clear();
        for (int i = 0; i < _recentCount; i++)
        {
            Stall stall = _recent[i];
            long from = Math.Max(start, stall.Start);
            long to = Math.Min(end, stall.End);
            if (to > from)
            {
                double ms = Stopwatch.GetElapsedTime(from, to).TotalMilliseconds * (1 - Math.Min(1, stall.GcMs / stall.Ms));
                _overlap[stall.Kind] = _overlap.GetValueOrDefault(stall.Kind) + ms;
            }
        }

        _overlap["gc"] = TimeSpan.FromTicks(gcNow - GcTicksAt(start)).TotalMilliseconds;
        KeyValuePair<string, double> most = _overlap.MaxBy(o => o.Value);
        return most.Value >= CauseShare * waitMs ? most.Key : "queueing";
    }

    /// <summary>The GC pause total at the last sample at or before <paramref name="at"/> (the oldest sample kept when none is).</summary>
    private long GcTicksAt(long at)
    {
        int oldest = (_gcNext - _gcCount + GcSamples) % GcSamples;
        for (int n = 1; n <= _gcCount; n++)
        {
            int i = (_gcNext - n + GcSamples) % GcSamples;
            if (_gcAt[i] <= at)
            {
                return _gcTicks[i];
            }
        }

        return _gcCount > 0 ? _gcTicks[oldest] : 0;
    }

    private readonly record struct Stall(long Start, long End, string Kind, double Ms, double GcMs);

    private sealed class KindTotals
    {
        public long Count { get; set; }

        public double Ms { get; set; }

        public double GcMs { get; set; }

        public double MaxMs { get; set; }
    }
}
