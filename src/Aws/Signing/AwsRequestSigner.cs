using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;

namespace StreamGuard.Aws.Signing;

/// <summary>Signs HttpClient requests with AWS Signature Version 4, canonicalised and keyed by AWSSDK.Core.</summary>
public sealed class AwsRequestSigner
{
    public const string AmzDateHeader = "X-Amz-Date";
    public const string SecurityTokenHeader = "X-Amz-Security-Token";
    public const string ContentSha256Header = "x-amz-content-sha256";
    private const string DateTimeFormat = "yyyyMMdd'T'HHmmss'Z'";

    private readonly AWSCredentials _credentials;
    private readonly TimeProvider _time;

    /// <param name="service">The signing name, e.g. <c>kinesis</c>, <c>firehose</c>, <c>sns</c>.</param>
    /// <param name="addContentSha256Header">S3-style services want the body hash as a header too.</param>
    public AwsRequestSigner(AWSCredentials credentials, string region, string service, TimeProvider time, bool addContentSha256Header = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        ArgumentException.ThrowIfNullOrWhiteSpace(service);
        _credentials = credentials;
        _time = time;
        Region = region;
        Service = service;
        AddContentSha256Header = addContentSha256Header;
    }

    public string Region { get; }

    public string Service { get; }

    public bool AddContentSha256Header { get; }

    /// <summary>Resolves the current credentials (refreshing temporary ones) and signs at the injected clock's time.</summary>
    public async Task SignAsync(HttpRequestMessage request, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        ImmutableCredentials credentials = await _credentials.GetCredentialsAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        Sign(request, body.Span, credentials, _time.GetUtcNow().UtcDateTime);
    }

    /// <summary>
    /// Adds X-Amz-Date, X-Amz-Security-Token (when the credentials carry one), x-amz-content-sha256 (when
    /// asked) and Authorization. Signs host, content-type and every x-amz-* header already on the request.
    /// </summary>
    public void Sign(HttpRequestMessage request, ReadOnlySpan<byte> body, ImmutableCredentials credentials, DateTime signedAtUtc)
    {
        Uri uri = request.RequestUri ?? throw new ArgumentException("The request has no RequestUri.", nameof(request));
        if (!uri.IsAbsoluteUri)
        {
            throw new ArgumentException("The request URI must be absolute to be signed.", nameof(request));
        }

        DateTime signedAt = DateTime.SpecifyKind(signedAtUtc, DateTimeKind.Utc);
        string bodyHash = Convert.ToHexStringLower(SHA256.HashData(body));

        request.Headers.Remove(AmzDateHeader);
        request.Headers.TryAddWithoutValidation(AmzDateHeader, signedAt.ToString(DateTimeFormat, CultureInfo.InvariantCulture));
        request.Headers.Host ??= uri.IsDefaultPort ? uri.Host : uri.Authority;
        request.Headers.Remove(SecurityTokenHeader);
        if (credentials.UseToken)
        {
            request.Headers.TryAddWithoutValidation(SecurityTokenHeader, credentials.Token);
        }

        if (AddContentSha256Header)
        {
            request.Headers.Remove(ContentSha256Header);
            request.Headers.TryAddWithoutValidation(ContentSha256Header, bodyHash);
        }

        var toSign = new List<KeyValuePair<string, string>>();
        foreach (KeyValuePair<string, IEnumerable<string>> header in request.Headers)
        {
            if (IsSigned(header.Key))
            {
                toSign.Add(new(header.Key, string.Join(',', header.Value)));
            }
        }

        if (request.Content?.Headers.ContentType is MediaTypeHeaderValue contentType)
        {
            toSign.Add(new("Content-Type", contentType.ToString()));
        }

        IDictionary<string, string> sorted = SigV4Canonicalizer.SortAndPrune(toSign);
        string signedHeaders = SigV4Canonicalizer.SignedHeaderNames(sorted);
        var endpoint = new Uri(uri.GetLeftPart(UriPartial.Authority));
        string query = uri.Query.Length > 1 ? uri.Query[1..] : string.Empty;
        string canonicalRequest = SigV4Canonicalizer.CanonicalRequest(
            endpoint, uri.AbsolutePath, request.Method.Method, sorted, SigV4Canonicalizer.CanonicalQuery(query), bodyHash);

        AWS4SigningResult result = AWS4Signer.ComputeSignature(
            credentials.AccessKey, credentials.SecretKey, Region, signedAt, Service, signedHeaders, canonicalRequest);
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization", result.ForAuthorizationHeader);
    }

    private static bool IsSigned(string headerName) =>
        headerName.Equals("Host", StringComparison.OrdinalIgnoreCase)
        || headerName.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase);
}
