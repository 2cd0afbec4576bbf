using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace StreamGuard.Producer.Tests.Plaid;

/// <summary>
/// The fake's webhook signing, as Plaid does it: a P-256 key per kid served as a JWK by
/// /webhook_verification_key/get, and ES256 JWTs over the body's SHA-256 for the Plaid-Verification header.
/// </summary>
internal sealed partial class FakePlaidServer
{
    private readonly ConcurrentDictionary<string, (ECDsa Key, JsonObject Jwk)> _webhookKeys = new();

    /// <summary>The kid webhooks are signed with unless a test says otherwise.</summary>
    public string WebhookKeyId { get; private set; } = "";

    /// <summary>Creates a signing key Plaid would serve, and makes it the current one.</summary>
    public string AddWebhookKey()
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        ECParameters point = key.ExportParameters(includePrivateParameters: false);
        string kid = Guid.NewGuid().ToString();
        var jwk = new JsonObject
        {
            ["alg"] = "ES256",
            ["created_at"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["crv"] = "P-256",
            ["expired_at"] = null,
            ["kid"] = kid,
            ["kty"] = "EC",
            ["use"] = "sig",
            ["x"] = Base64Url.EncodeToString(point.Q.X),
            ["y"] = Base64Url.EncodeToString(point.Q.Y),
        };
        _webhookKeys[kid] = (key, jwk);
        WebhookKeyId = kid;
        return kid;
    }

    /// <summary>Retires a key: /webhook_verification_key/get then reports its expired_at.</summary>
    public void ExpireWebhookKey(string kid) =>
        _webhookKeys[kid].Jwk["expired_at"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>A Plaid-Verification JWT for <paramref name="body"/>; every part can be overridden to forge a bad one.</summary>
    public string SignWebhook(string body, string? kid = null, DateTimeOffset? issuedAt = null, string alg = "ES256", string? bodyHash = null, string? signWithKid = null)
    {
        kid ??= WebhookKeyId;
        var header = new JsonObject { ["alg"] = alg, ["kid"] = kid, ["typ"] = "JWT" };
        var claims = new JsonObject
        {
            ["iat"] = (issuedAt ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds(),
            ["request_body_sha256"] = bodyHash ?? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body))),
        };
        string signingInput = Part(header) + "." + Part(claims);
        byte[] data = Encoding.ASCII.GetBytes(signingInput);
        byte[] signature = alg switch
        {
            "ES256" => _webhookKeys[signWithKid ?? WebhookKeyId].Key.SignData(data, HashAlgorithmName.SHA256),
            // The classic confusion attack: HMAC keyed with the public key's bytes.
            "HS256" => HMACSHA256.HashData(Encoding.UTF8.GetBytes(_webhookKeys[WebhookKeyId].Jwk.ToJsonString()), data),
            _ => [],
        };
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    private (int, string) WebhookVerificationKeyGet(JsonObject json) =>
        json["key_id"]?.GetValue<string>() is { } kid && _webhookKeys.TryGetValue(kid, out (ECDsa Key, JsonObject Jwk) entry)
            ? Ok(new JsonObject { ["key"] = entry.Jwk.DeepClone() })
            : Error(400, "INVALID_INPUT", "INVALID_WEBHOOK_VERIFICATION_KEY_ID", "invalid key_id provided");

    private static string Part(JsonObject json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json.ToJsonString()));

    private void DisposeWebhookKeys()
    {
        foreach ((ECDsa key, _) in _webhookKeys.Values)
        {
            key.Dispose();
        }
    }
}
