using System.Diagnostics.Metrics;

namespace StreamGuard.Core.Aws.Http;

/// <summary>Counts AWS calls, retries and failures per service and operation (meter <c>StreamGuard.Aws</c>).</summary>
public static class AwsClientMetrics
{
    public const string MeterName = "StreamGuard.Aws";

    private static readonly Meter s_meter = new(MeterName);
    private static readonly Counter<long> s_requests = s_meter.CreateCounter<long>("streamguard.aws.requests", description: "HTTP attempts sent to AWS");
    private static readonly Counter<long> s_retries = s_meter.CreateCounter<long>("streamguard.aws.retries", description: "Attempts retried after throttling, 5xx or a transport failure");
    private static readonly Counter<long> s_failures = s_meter.CreateCounter<long>("streamguard.aws.failures", description: "Calls that failed after all retries");

    internal static void Attempt(string service, string operation) =>
        s_requests.Add(1, new KeyValuePair<string, object?>("service", service), new KeyValuePair<string, object?>("operation", operation));

    internal static void Retry(string service, string operation, string reason) =>
        s_retries.Add(1, new KeyValuePair<string, object?>("service", service), new KeyValuePair<string, object?>("operation", operation), new KeyValuePair<string, object?>("reason", reason));

    internal static void Failure(string service, string operation, string reason) =>
        s_failures.Add(1, new KeyValuePair<string, object?>("service", service), new KeyValuePair<string, object?>("operation", operation), new KeyValuePair<string, object?>("reason", reason));
}
