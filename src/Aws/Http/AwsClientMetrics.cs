using System.Diagnostics.Metrics;

namespace StreamGuard.Aws.Http;

/// <summary>Counts AWS calls, retries and failures per service and operation (meter <c>StreamGuard.Aws</c>).</summary>
public sealed class AwsClientMetrics : IDisposable
{
    public const string MeterName = "StreamGuard.Aws";

    private readonly Meter _meter;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _failures;
    private readonly Counter<double> _capacity;

    /// <param name="meterFactory">The host's meter factory; a meter of this instance's own when null.</param>
    public AwsClientMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _requests = _meter.CreateCounter<long>("streamguard.aws.requests", "{request}", "HTTP attempts sent to AWS");
        _retries = _meter.CreateCounter<long>("streamguard.aws.retries", "{retry}", "Attempts retried after throttling, 5xx or a transport failure");
        _failures = _meter.CreateCounter<long>("streamguard.aws.failures", "{call}", "Calls that failed after all retries");
        _capacity = _meter.CreateCounter<double>("streamguard.aws.capacity_units", "{unit}", "DynamoDB capacity units consumed, as the service reports them (ReturnConsumedCapacity)");
    }

    /// <summary>Used by contexts built without DI (commands and tests that build their clients by hand).</summary>
    public static AwsClientMetrics Shared { get; } = new();

    public void Attempt(string service, string operation) =>
        _requests.Add(1, new KeyValuePair<string, object?>("service", service), new KeyValuePair<string, object?>("operation", operation));

    public void Retry(string service, string operation, string reason) =>
        _retries.Add(1, new KeyValuePair<string, object?>("service", service), new KeyValuePair<string, object?>("operation", operation), new KeyValuePair<string, object?>("reason", reason));

    public void Failure(string service, string operation, string reason) =>
        _failures.Add(1, new KeyValuePair<string, object?>("service", service), new KeyValuePair<string, object?>("operation", operation), new KeyValuePair<string, object?>("reason", reason));

    /// <summary>Capacity units a DynamoDB call consumed on <paramref name="table"/> (<paramref name="kind"/> "write" or "read"), as its response reports them.</summary>
    public void Capacity(string service, string operation, string kind, string table, double units) =>
        _capacity.Add(
            units,
            new KeyValuePair<string, object?>("service", service),
            new KeyValuePair<string, object?>("operation", operation),
            new KeyValuePair<string, object?>("kind", kind),
            new KeyValuePair<string, object?>("table", table));

    /// <summary>Whether <paramref name="meter"/> is this instance's (a listener that wants one context's calls only).</summary>
    public bool Owns(Meter meter) => ReferenceEquals(meter, _meter);

    public void Dispose() => _meter.Dispose();
}
