using Amazon.Runtime.Internal.Auth;

namespace StreamGuard.Aws.Signing;

/// <summary>Opens AWS4Signer's protected canonicalisation helpers so HttpClient requests are canonicalised exactly as the SDK does.</summary>
internal sealed class SigV4Canonicalizer : AWS4Signer
{
    public static IDictionary<string, string> SortAndPrune(IEnumerable<KeyValuePair<string, string>> headers) =>
        SortAndPruneHeaders(headers);

    public static string SignedHeaderNames(IDictionary<string, string> sortedHeaders) =>
        CanonicalizeHeaderNames(sortedHeaders);

    public static string CanonicalQuery(string queryWithoutQuestionMark) =>
        queryWithoutQuestionMark.Length == 0 ? string.Empty : CanonicalizeQueryParameters(queryWithoutQuestionMark);

    public static string CanonicalRequest(Uri endpoint, string resourcePath, string method, IDictionary<string, string> sortedHeaders, string canonicalQuery, string bodyHash) =>
        CanonicalizeRequest(endpoint, resourcePath, method, sortedHeaders, canonicalQuery, bodyHash);
}
