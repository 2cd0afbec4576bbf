using System.Globalization;
using System.Text;
using Amazon.Runtime;
using StreamGuard.Aws.Signing;

namespace StreamGuard.Aws.Tests.Signing;

/// <summary>Cases from the AWS SigV4 test suite (fixed credentials, region, service and date).</summary>
public sealed class AwsRequestSignerTests
{
    private const string Prefix = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, ";
    private static readonly ImmutableCredentials s_suiteCredentials = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);
    private static readonly DateTime s_suiteDate = DateTime.ParseExact("20150830T123600Z", "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    private static AwsRequestSigner SuiteSigner(bool contentSha256 = false) =>
        new(new BasicAWSCredentials("unused", "unused"), "us-east-1", "service", TimeProvider.System, contentSha256);

    private static string Authorization(HttpRequestMessage request) => string.Join(",", request.Headers.GetValues("Authorization"));

    [Fact]
    public void Sign_GetVanilla_MatchesSuiteSignature()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://example.amazonaws.com/");

        SuiteSigner().Sign(request, [], s_suiteCredentials, s_suiteDate);

        Assert.Equal(
            Prefix + "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            Authorization(request));
        Assert.Equal("20150830T123600Z", request.Headers.GetValues("X-Amz-Date").Single());
    }

    [Fact]
    public void Sign_PostVanilla_MatchesSuiteSignature()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://example.amazonaws.com/");

        SuiteSigner().Sign(request, [], s_suiteCredentials, s_suiteDate);

        Assert.Equal(
            Prefix + "SignedHeaders=host;x-amz-date, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b",
            Authorization(request));
    }

    [Fact]
    public void Sign_GetVanillaQueryOrderKeyCase_SortsQueryParameters()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://example.amazonaws.com/?Param2=value2&Param1=value1");

        SuiteSigner().Sign(request, [], s_suiteCredentials, s_suiteDate);

        Assert.Equal(
            Prefix + "SignedHeaders=host;x-amz-date, Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
            Authorization(request));
    }

    [Fact]
    public void Sign_PostVanillaQuery_MatchesSuiteSignature()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://example.amazonaws.com/?Param1=value1");

        SuiteSigner().Sign(request, [], s_suiteCredentials, s_suiteDate);

        Assert.Equal(
            Prefix + "SignedHeaders=host;x-amz-date, Signature=28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11",
            Authorization(request));
    }

    [Fact]
    public void Sign_PostXWwwFormUrlencodedWithBody_SignsContentTypeAndBodyHash()
    {
        byte[] body = Encoding.UTF8.GetBytes("Param1=value1");
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://example.amazonaws.com/");
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new("application/x-www-form-urlencoded");

        SuiteSigner().Sign(request, body, s_suiteCredentials, s_suiteDate);

        Assert.Equal(
            Prefix + "SignedHeaders=content-type;host;x-amz-date, Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a",
            Authorization(request));
    }

    [Fact]
    public void Sign_SessionCredentials_AddsAndSignsSecurityToken()
    {
        var credentials = new ImmutableCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session-token");
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://example.amazonaws.com/");

        SuiteSigner().Sign(request, [], credentials, s_suiteDate);

        Assert.Equal("session-token", request.Headers.GetValues("X-Amz-Security-Token").Single());
        Assert.Contains("SignedHeaders=host;x-amz-date;x-amz-security-token,", Authorization(request), StringComparison.Ordinal);
        Assert.DoesNotContain("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", Authorization(request), StringComparison.Ordinal);
    }

    [Fact]
    public void Sign_ContentSha256Requested_AddsBodyHashHeader()
    {
        byte[] body = Encoding.UTF8.GetBytes("Param1=value1");
        using var request = new HttpRequestMessage(HttpMethod.Put, "https://example.amazonaws.com/bucket/key");

        SuiteSigner(contentSha256: true).Sign(request, body, s_suiteCredentials, s_suiteDate);

        Assert.Equal("9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e", request.Headers.GetValues("x-amz-content-sha256").Single());
        Assert.Contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date,", Authorization(request), StringComparison.Ordinal);
    }
}
