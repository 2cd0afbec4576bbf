using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using StreamGuard.Aws.Tests.Support;
using StreamGuard.Core;
using StreamGuard.Privacy;

namespace StreamGuard.Aws.Tests.Keys;

/// <summary>
/// KMS and Secrets Manager have no emulator here: a local server checks the documented request format of KMS
/// Decrypt and Secrets Manager GetSecretValue (AWS JSON 1.1, target, SigV4 scope) and answers like the services.
/// </summary>
public sealed partial class AwsKeySourceTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private static readonly byte[] s_dataKey = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] s_ciphertext = RandomNumberGenerator.GetBytes(184);
    private static readonly string s_secretKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=AKIDLOCALTEST/\d{8}/us-east-1/(?<service>kms|secretsmanager)/aws4_request, SignedHeaders=([a-z0-9-]+;)*[a-z0-9-]+, Signature=[0-9a-f]{64}$")]
    private static partial Regex SigV4Authorization();

    /// <summary>A fake KMS + Secrets Manager: checks each request and records a problem instead of answering wrongly.</summary>
    private static async Task ServeAsync(HttpContext http, List<string> problems, List<string> calls, string? secretAnswer = null)
    {
        HttpRequest request = http.Request;
        string target = request.Headers["X-Amz-Target"].ToString();
        Match auth = SigV4Authorization().Match(request.Headers.Authorization.ToString());
        using JsonDocument body = await JsonDocument.ParseAsync(request.Body);
        lock (calls)
        {
            calls.Add(target);
            if (request.Method != "POST" || request.Path != "/" || request.ContentType != "application/x-amz-json-1.1" || !auth.Success
                || !request.Headers.Authorization.ToString().Contains("x-amz-target", StringComparison.Ordinal))
            {
                problems.Add($"{target}: {request.Method} {request.Path} {request.ContentType} '{request.Headers.Authorization}'");
            }
        }

        if (target == "TrentService.Decrypt" && auth.Groups["service"].Value == "kms"
            && body.RootElement.GetProperty("CiphertextBlob").GetString() == Convert.ToBase64String(s_ciphertext))
        {
            await http.Response.WriteAsJsonAsync(new Dictionary<string, string>
            {
                ["KeyId"] = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                ["Plaintext"] = Convert.ToBase64String(s_dataKey),
                ["EncryptionAlgorithm"] = "SYMMETRIC_DEFAULT",
            });
            return;
        }

        if (target == "secretsmanager.GetSecretValue" && auth.Groups["service"].Value == "secretsmanager"
            && body.RootElement.GetProperty("SecretId").GetString() == "streamguard/sealing-key")
        {
            await http.Response.WriteAsJsonAsync(new Dictionary<string, string>
            {
                ["ARN"] = "arn:aws:secretsmanager:us-east-1:111122223333:secret:streamguard/sealing-key-a1b2c3",
                ["Name"] = "streamguard/sealing-key",
                ["VersionId"] = "EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE",
                ["SecretString"] = secretAnswer ?? s_secretKey,
            });
            return;
        }

        lock (calls)
        {
            problems.Add($"unexpected request {target}");
        }

        http.Response.StatusCode = 400;
        http.Response.ContentType = "application/x-amz-json-1.1";
        await http.Response.WriteAsync("{\"__type\":\"InvalidCiphertextException\",\"message\":\"The ciphertext is invalid.\"}");
    }

    [Fact]
    public async Task ResolveAsync_KmsDataKeyAndSecret_BothKeysFetchedWithTheDocumentedRequests()
    {
        var problems = new List<string>();
        var calls = new List<string>();
        await using LocalHttpServer server = await LocalHttpServer.StartAsync(http => ServeAsync(http, problems, calls));
        var settings = new Dictionary<string, string?>
        {
            [AwsKeySource.PseudonymKeyKmsCiphertextSetting] = Convert.ToBase64String(s_ciphertext),
            [AwsKeySource.SealingKeySecretIdSetting] = "streamguard/sealing-key",
        };

        IReadOnlyDictionary<string, string?> keys = await AwsKeySource.ResolveAsync(n => settings.GetValueOrDefault(n), () => TestContexts.For(server.Url), CancellationToken.None).WaitAsync(s_timeout);

        Assert.Empty(problems);
        Assert.Equal(["TrentService.Decrypt", "secretsmanager.GetSecretValue"], calls);
        Assert.Equal(Convert.ToBase64String(s_dataKey), keys["StreamGuard:Privacy:PseudonymKey"]);
        Assert.Equal(s_secretKey, keys["StreamGuard:Privacy:SealingKey"]);
        // The keys work as keys: the pseudonym key makes pseudonyms, and the two differ.
        Assert.NotEqual(keys["StreamGuard:Privacy:PseudonymKey"], keys["StreamGuard:Privacy:SealingKey"]);
        Assert.StartsWith("txn_", new Pseudonymizer(PseudonymKey.FromBase64(keys["StreamGuard:Privacy:PseudonymKey"]!, "kms")).TransactionId("t1"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_NothingConfigured_NoCallAndNoKeys()
    {
        IReadOnlyDictionary<string, string?> keys = await AwsKeySource.ResolveAsync(_ => null, () => throw new InvalidOperationException("no AWS call expected"), CancellationToken.None).WaitAsync(s_timeout);

        Assert.Empty(keys);
    }

    [Fact]
    public async Task ResolveAsync_SecretTooShortOrKmsRefuses_UserErrorNamingTheSettingNotTheKey()
    {
        var problems = new List<string>();
        var calls = new List<string>();
        string shortKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(8));
        await using LocalHttpServer server = await LocalHttpServer.StartAsync(http => ServeAsync(http, problems, calls, shortKey));

        UserErrorException tooShort = await Assert.ThrowsAsync<UserErrorException>(() => AwsKeySource.ResolveAsync(
            n => n == AwsKeySource.SealingKeySecretIdSetting ? "streamguard/sealing-key" : null, () => TestContexts.For(server.Url), CancellationToken.None).WaitAsync(s_timeout));
        UserErrorException refused = await Assert.ThrowsAsync<UserErrorException>(() => AwsKeySource.ResolveAsync(
            n => n == AwsKeySource.PseudonymKeyKmsCiphertextSetting ? Convert.ToBase64String(new byte[40]) : null, () => TestContexts.For(server.Url, maxRetries: 0), CancellationToken.None).WaitAsync(s_timeout));
        UserErrorException both = await Assert.ThrowsAsync<UserErrorException>(() => AwsKeySource.ResolveAsync(
            n => n.StartsWith("StreamGuard:Privacy:PseudonymKey", StringComparison.Ordinal) ? "x" : null, () => TestContexts.For(server.Url), CancellationToken.None).WaitAsync(s_timeout));

        Assert.Contains(AwsKeySource.SealingKeySecretIdSetting, tooShort.Message, StringComparison.Ordinal);
        Assert.Contains("8 bytes", tooShort.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(shortKey, tooShort.Message, StringComparison.Ordinal);
        Assert.Contains(AwsKeySource.PseudonymKeyKmsCiphertextSetting, refused.Message, StringComparison.Ordinal);
        Assert.Contains("not both", both.Message, StringComparison.Ordinal);
    }
}
