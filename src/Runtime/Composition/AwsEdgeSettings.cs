using StreamGuard.Aws;
using StreamGuard.Runtime.Hosting;
using StreamGuard.Runtime.Sinks;
using StreamGuard.Pipeline;

namespace StreamGuard.Runtime.Composition;

/// <summary>How an aws worker's edges are set up.</summary>
/// <param name="Aws">Stream, lease table, buckets, tables, topics.</param>
/// <param name="Context">Endpoint, region and credentials of the AWS clients.</param>
/// <param name="ExtraSinks">Sinks added after the aws ones (e.g. a test's recording sink).</param>
public sealed record AwsEdgeSettings(AwsWorkerOptions Aws, AwsClientContext Context, IReadOnlyList<IBatchSink>? ExtraSinks = null);
