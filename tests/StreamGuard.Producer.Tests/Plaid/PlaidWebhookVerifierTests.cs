using System.Text;
using StreamGuard.Plaid;

namespace StreamGuard.Producer.Tests.Plaid;

public sealed class PlaidWebhookVerifierTests
{
    private const string Body = "{\n  \"environment\": \"sandbox\",\n  \"item_id\": \"item-1\",\n  \"webhook_code\": \"SYNC_UPDATES_AVAILABLE\",\n  \"webhook_type\": \"TRANSACTIONS\"\n}";

    [Fact]
    public async Task Verify_GenuineWebhooks_VerifiedWithOneKeyFetchForTheSameKid()
    {
        await using var host = new PlaidTestHost();
        using var verifier = new PlaidWebhookVerifier(host.Client, TimeProvider.System);

        PlaidWebhookVerification first = await verifier.VerifyAsync(host.Server.SignWebhook(Body), Encoding.UTF8.GetBytes(Body), CancellationToken.None).Within();
        PlaidWebhookVerification second = await verifier.VerifyAsync(host.Server.SignWebhook(Body), Encoding.UTF8.GetBytes(Body), CancellationToken.None).Within();

        Assert.True(first.IsVerified, first.Failure);
        Assert.True(second.IsVerified, second.Failure);
        RecordedPlaidRequest fetch = Assert.Single(host.Server.RequestsTo("/webhook_verification_key/get"));
        Assert.Equal(host.Server.WebhookKeyId, (string?)fetch.Json["key_id"]);
        Assert.Equal(FakePlaidServer.ClientId, (string?)fetch.Json["client_id"]);
        Assert.Equal("2020-09-14", fetch.PlaidVersion);
    }

    [Theory]
    [InlineData("tampered", "request_body_sha256")]
    [InlineData("old", "more than 300 s")]
    [InlineData("future", "in the future")]
    [InlineData("none", "not ES256")]
    [InlineData("HS256", "not ES256")]
    [InlineData("unknown-kid", "INVALID_WEBHOOK_VERIFICATION_KEY_ID")]
    [InlineData("hash-of-other-body", "request_body_sha256")]
    [InlineData("truncated", "compact JWT")]
    public async Task Verify_Forgery_RejectedWithTheReason(string forgery, string reason)
    {
        await using var host = new PlaidTestHost();
        using var verifier = new PlaidWebhookVerifier(host.Client, TimeProvider.System);
        FakePlaidServer server = host.Server;
        string body = Body;
        string token = forgery switch
        {
            "tampered" => server.SignWebhook(Body),
            "old" => server.SignWebhook(Body, issuedAt: DateTimeOffset.UtcNow.AddMinutes(-5).AddSeconds(-5)),
            "future" => server.SignWebhook(Body, issuedAt: DateTimeOffset.UtcNow.AddMinutes(10)),
            "none" => server.SignWebhook(Body, alg: "none"),
            "HS256" => server.SignWebhook(Body, alg: "HS256"),
            "unknown-kid" => server.SignWebhook(Body, kid: "kid-never-issued"),
            "hash-of-other-body" => server.SignWebhook(Body, bodyHash: Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("{}"u8))),
            _ => string.Join('.', server.SignWebhook(Body).Split('.').Take(2)),
        };
        if (forgery == "tampered")
        {
            body = Body.Replace("item-1", "item-2", StringComparison.Ordinal);
        }

        PlaidWebhookVerification result = await verifier.VerifyAsync(token, Encoding.UTF8.GetBytes(body), CancellationToken.None).Within();

        Assert.False(result.IsVerified);
        Assert.Contains(reason, result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_UnknownKidSentTwice_AsksPlaidOnce()
    {
        await using var host = new PlaidTestHost();
        using var verifier = new PlaidWebhookVerifier(host.Client, TimeProvider.System);
        string token = host.Server.SignWebhook(Body, kid: "kid-never-issued");

        await verifier.VerifyAsync(token, Encoding.UTF8.GetBytes(Body), CancellationToken.None).Within();
        PlaidWebhookVerification again = await verifier.VerifyAsync(token, Encoding.UTF8.GetBytes(Body), CancellationToken.None).Within();

        Assert.False(again.IsVerified);
        Assert.Single(host.Server.RequestsTo("/webhook_verification_key/get"));
    }

    [Fact]
    public async Task Verify_KeyRotated_CachedOldKeyIsRefreshedAndThenRefusedAsExpired()
    {
        await using var host = new PlaidTestHost();
        using var verifier = new PlaidWebhookVerifier(host.Client, TimeProvider.System);
        FakePlaidServer server = host.Server;
        string oldKid = server.WebhookKeyId;
        string signedWithOld = server.SignWebhook(Body);
        Assert.True((await verifier.VerifyAsync(signedWithOld, Encoding.UTF8.GetBytes(Body), CancellationToken.None).Within()).IsVerified);

        server.AddWebhookKey();
        server.ExpireWebhookKey(oldKid);
        PlaidWebhookVerification withNew = await verifier.VerifyAsync(server.SignWebhook(Body), Encoding.UTF8.GetBytes(Body), CancellationToken.None).Within();
        PlaidWebhookVerification withOld = await verifier.VerifyAsync(signedWithOld, Encoding.UTF8.GetBytes(Body), CancellationToken.None).Within();

        Assert.True(withNew.IsVerified, withNew.Failure);
        Assert.False(withOld.IsVerified);
        Assert.Contains("has expired", withOld.Failure, StringComparison.Ordinal);
        Assert.Equal(2, server.RequestsTo("/webhook_verification_key/get").Count(r => (string?)r.Json["key_id"] == oldKid));
    }
}
