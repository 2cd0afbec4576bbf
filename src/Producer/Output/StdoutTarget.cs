using StreamGuard.Core.Streaming;

namespace StreamGuard.Producer.Output;

/// <summary>A stream target that writes each record as one JSON line to standard output.</summary>
internal sealed class StdoutTarget : IStreamProducer
{
    private static readonly byte[] s_newline = "\n"u8.ToArray();
    private readonly Stream _out;
    private readonly Lock _lock = new();
    private long _written;

    public StdoutTarget(Stream output) => _out = output;

    public Task<PutRecordsResult> PutRecordsAsync(IReadOnlyList<PutRecordEntry> records, CancellationToken cancellationToken)
    {
        var results = new PutRecordResult[records.Count];
        lock (_lock)
        {
            for (int i = 0; i < records.Count; i++)
            {
                _out.Write(records[i].Data.Span);
                _out.Write(s_newline);
                results[i] = new PutRecordResult("stdout", (++_written).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            _out.Flush();
        }

        return Task.FromResult(new PutRecordsResult(results));
    }
}
