using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace StreamGuard.Plaid;

/// <summary>
/// Verifies a webhook's Plaid-Verification JWT as Plaid documents it: ES256 only, the public key
/// fetched by <c>kid</c> from /webhook_verification_key/get and cached, retired keys refused, the
/// token at most five minutes old, and the raw body's SHA-256 equal to the signed
/// <c>request_body_sha256</c> claim (compared in constant time).
/// </summary>
public sealed class PlaidWebhookVerifier : IDisposable
{
    public const string HeaderName = "Plaid-Verification";
    public const string Algorithm = "ES256";

    /// <summary>How old (by <c>iat</c>) a token may be; also the clock skew allowed the other way.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    private const int MaxTokenLength = 8 * 1024;
    private const int MaxCachedKeys = 64;
    private const int MaxRememberedUnknownKids = 256;
    private static readonly TimeSpan s_unknownKidMemory = TimeSpan.FromMinutes(1);

    private readonly PlaidClient _client;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _fetch = new(1, 1);

    // Both guarded by _fetch for writes; _keys is read without it on the fast path, so it is replaced, never mutated.
    private Dictionary<string, PlaidJsonWebKey> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _unknownKids = new(StringComparer.Ordinal);

    public PlaidWebhookVerifier(PlaidClient client, TimeProvider time)
    {
        _client = client;
        _time = time;
    }

    public async Task<PlaidWebhookVerification> VerifyAsync(string? token, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token))
        {
            return Reject("no Plaid-Verification header");
        }

        string[] parts = token.Length <= MaxTokenLength ? token.Split('.') : [];
        if (parts.Length != 3)
        {
            return Reject("the Plaid-Verification header is not a compact JWT (three base64url parts, at most 8 KiB)");
        }

        if (DecodeJson(parts[0], PlaidJsonContext.Default.PlaidWebhookJwtHeader) is not { } header)
        {
            return Reject("the JWT header is not base64url JSON");
        }

        // The algorithm is fixed here, never taken from the token: "none" and HS256 (keyed with the public key) are refused.
        if (!string.Equals(header.Alg, Algorithm, StringComparison.Ordinal))
        {
            return Reject($"the JWT alg is {Printable(header.Alg)}, not ES256");
        }

        if (string.IsNullOrEmpty(header.Kid))
        {
            return Reject("the JWT header has no kid");
        }

        string kid = Printable(header.Kid);
        (PlaidJsonWebKey? key, string? problem) = await GetKeyAsync(header.Kid, cancellationToken);
        if (key is null)
        {
            return Reject($"no verification key {kid}: {problem}");
        }

        if (key.ExpiredAt is not null)
        {
            return Reject($"verification key {kid} has expired");
        }

        using ECDsa? publicKey = CreatePublicKey(key);
        if (publicKey is null)
        {
            return Reject($"verification key {kid} is not an ES256 P-256 key");
        }

        byte[]? signature = DecodeBase64Url(parts[2]);
        byte[] signed = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
        if (signature is not { Length: 64 } || !publicKey.VerifyData(signed, signature, HashAlgorithmName.SHA256))
        {
            return Reject($"the JWT signature does not verify with key {kid}");
        }

        if (DecodeJson(parts[1], PlaidJsonContext.Default.PlaidWebhookJwtClaims) is not { Iat: long issuedAt } claims)
        {
            return Reject("the JWT has no iat claim");
        }

        long now = _time.GetUtcNow().ToUnixTimeSeconds();
        long maxAge = (long)MaxAge.TotalSeconds;
        if (issuedAt < now - maxAge)
        {
            return Reject($"the JWT was issued {now - issuedAt} s ago, more than {maxAge} s");
        }

        if (issuedAt > now + maxAge)
        {
            return Reject($"the JWT was issued {issuedAt - now} s in the future, more than the {maxAge} s allowed for clock skew");
        }

        byte[] expected = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(SHA256.HashData(body.Span)));
        byte[] claimed = Encoding.UTF8.GetBytes(claims.RequestBodySha256?.ToLowerInvariant() ?? "");
        if (!CryptographicOperations.FixedTimeEquals(expected, claimed))
        {
            return Reject("the body's SHA-256 is not the signed request_body_sha256 (the body was altered)");
        }

        return PlaidWebhookVerification.Verified;
    }

    public void Dispose() => _fetch.Dispose();

    private async Task<(PlaidJsonWebKey? Key, string? Problem)> GetKeyAsync(string kid, CancellationToken cancellationToken)
    {
        if (_keys.TryGetValue(kid, out PlaidJsonWebKey? cached))
        {
            return (cached, null);
        }

        await _fetch.WaitAsync(cancellationToken);
        try
        {
            if (_keys.TryGetValue(kid, out cached))
            {
                return (cached, null);
            }

            // A forged token with a made-up kid must not cost a Plaid call each time it is resent.
            DateTimeOffset now = _time.GetUtcNow();
            if (_unknownKids.TryGetValue(kid, out DateTimeOffset until) && until > now)
            {
                return (null, "Plaid did not know it a moment ago");
            }

            (PlaidJsonWebKey? fetched, PlaidError? error) = await FetchAsync(kid, cancellationToken);
            if (fetched is null)
            {
                if (error is { HttpStatus: >= 400 and < 500 } or null)
                {
                    if (_unknownKids.Count >= MaxRememberedUnknownKids)
                    {
                        _unknownKids.Clear();
                    }

                    _unknownKids[kid] = now + s_unknownKidMemory;
                }

                return (null, error is null ? "Plaid answered without a key" : $"/webhook_verification_key/get failed with {error.ErrorType}/{error.ErrorCode}");
            }

            // A new key means Plaid may have rotated: refresh the cached keys still in use, so a retired one is seen as expired.
            var keys = new Dictionary<string, PlaidJsonWebKey>(StringComparer.Ordinal);
            foreach ((string cachedKid, PlaidJsonWebKey old) in _keys)
            {
                PlaidJsonWebKey? refreshed = null;
                if (old.ExpiredAt is null)
                {
                    (refreshed, _) = await FetchAsync(cachedKid, cancellationToken);
                }

                keys[cachedKid] = refreshed ?? old;
            }

            if (keys.Count >= MaxCachedKeys)
            {
                foreach (string expired in keys.Where(k => k.Value.ExpiredAt is not null).Select(k => k.Key).ToList())
                {
                    keys.Remove(expired);
                }
            }

            if (keys.Count < MaxCachedKeys)
            {
                keys[kid] = fetched;
            }

            _keys = keys;
            return (fetched, null);
        }
        finally
        {
            _fetch.Release();
        }
    }

    private async Task<(PlaidJsonWebKey? Key, PlaidError? Error)> FetchAsync(string kid, CancellationToken cancellationToken)
    {
        PlaidResult<WebhookVerificationKeyGetResponse> result = await _client.GetWebhookVerificationKeyAsync(new WebhookVerificationKeyGetRequest(kid), cancellationToken);
        return result.IsSuccess ? (result.Value.Key, null) : (null, result.Error);
    }

    private static ECDsa? CreatePublicKey(PlaidJsonWebKey key)
    {
        if (key.Kty != "EC" || key.Crv != "P-256" || key.Alg is not (null or Algorithm)
            || DecodeBase64Url(key.X) is not { Length: 32 } x || DecodeBase64Url(key.Y) is not { Length: 32 } y)
        {
            return null;
        }

        try
        {
            return ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = x, Y = y } });
        }
        catch (CryptographicException)
        {
            // Not a point on the curve.
            return null;
        }
    }

    private static T? DecodeJson<T>(string part, JsonTypeInfo<T> type)
        where T : class
    {
        if (DecodeBase64Url(part) is not { } bytes)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(bytes, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static byte[]? DecodeBase64Url(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        try
        {
            return Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>A value from the token, safe to put in a log line (quoted, short, no control characters).</summary>
    private static string Printable(string? value)
    {
        if (value is null)
        {
            return "missing";
        }

        string shortened = value.Length > 64 ? value[..64] + "..." : value;
        return "'" + string.Concat(shortened.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '?')) + "'";
    }

    private static PlaidWebhookVerification Reject(string failure) => PlaidWebhookVerification.Rejected(failure);
}
