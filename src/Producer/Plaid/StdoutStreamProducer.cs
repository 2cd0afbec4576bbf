using System.Globalization;
using System.Text;
using StreamGuard.Core.Streaming;

namespace StreamGuard.Producer.Plaid;

/// <summary>
/// The stdout target: each record's data (one JSON document) becomes one line, in put order.
/// It stands where the Kinesis producer will, so sync code does not care which one it writes to.
/// </summary>
internal sealed class StdoutStreamProducer : IStreamProducer
{
    private readonly TextWriter _output;
    private readonly Lock _lock = new();
    private long _sequence;

    public StdoutStreamProducer(TextWriter output) => _output = output;

    public Task<PutRecordsResult> PutRecordsAsync(IReadOnlyList<PutRecordEntry> records, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var results = new PutRecordResult[records.Count];

        // Console writes are synchronous anyway; the lock keeps one put's lines together.
        lock (_lock)
        {
            for (int i = 0; i < records.Count; i++)
            {
                _output.WriteLine(Encoding.UTF8.GetString(records[i].Data.Span));
                results[i] = new PutRecordResult("stdout", (++_sequence).ToString(CultureInfo.InvariantCulture));
            }

            _output.Flush();
        }

        return Task.FromResult(new PutRecordsResult(results));
    }
}
