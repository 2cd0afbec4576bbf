namespace StreamGuard.Aws.Http;

/// <summary>Counts every HTTP request an AWSSDK client sends (retries included) in <see cref="AwsClientMetrics"/>, by service and operation.</summary>
public sealed class AwsRequestCountingHandler : DelegatingHandler
{
    private readonly AwsClientMetrics _metrics;
    private readonly string _service;

    public AwsRequestCountingHandler(AwsClientMetrics metrics, string service, HttpMessageHandler inner)
        : base(inner)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentException.ThrowIfNullOrWhiteSpace(service);
        _metrics = metrics;
        _service = service;
    }

    /// <summary>The operation of a request: the part after the dot of <c>X-Amz-Target</c> (JSON protocols), else the method and whether the path names a bucket or an object (S3).</summary>
    public static string Operation(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Headers.TryGetValues("X-Amz-Target", out IEnumerable<string>? targets) && targets.FirstOrDefault() is { } target)
        {
            int dot = target.LastIndexOf('.');
            return dot >= 0 ? target[(dot + 1)..] : target;
        }

        string path = request.RequestUri?.AbsolutePath.Trim('/') ?? string.Empty;
        string resource = path.Length == 0 ? "service" : path.Contains('/', StringComparison.Ordinal) ? "object" : "bucket";
        return request.Method.Method + " " + resource;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _metrics.Attempt(_service, Operation(request));
        return base.SendAsync(request, cancellationToken);
    }
}
