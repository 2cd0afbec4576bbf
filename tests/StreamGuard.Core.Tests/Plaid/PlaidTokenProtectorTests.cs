using StreamGuard.Plaid;

namespace StreamGuard.Core.Tests.Plaid;

public sealed class PlaidTokenProtectorTests
{
    private static readonly byte[] s_key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public void Protect_ThenUnprotect_RoundTripsAndHidesTheToken()
    {
        var protector = new PlaidTokenProtector(s_key);
        const string token = "access-sandbox-de3ce8ef-33f8-452c-a685-8671031fc0f6";

        string sealedToken = protector.Protect(token, "item-1");

        Assert.StartsWith("v1:", sealedToken, StringComparison.Ordinal);
        Assert.DoesNotContain("access-sandbox", sealedToken, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(token))[..20], sealedToken, StringComparison.Ordinal);
        Assert.Equal(token, protector.Unprotect(sealedToken, "item-1"));
        Assert.NotEqual(sealedToken, protector.Protect(token, "item-1"));
    }

    [Fact]
    public void Unprotect_UnderAnotherItemId_RefusesWithAClearMessage()
    {
        var protector = new PlaidTokenProtector(s_key);
        string sealedToken = protector.Protect("access-sandbox-x", "item-1");

        var error = Assert.Throws<PlaidTokenKeyException>(() => protector.Unprotect(sealedToken, "item-2"));

        Assert.Contains("item item-2 cannot be decrypted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unprotect_WithAnotherKey_SaysTheKeyDiffers()
    {
        string sealedToken = new PlaidTokenProtector(s_key).Protect("access-sandbox-x", "item-1");
        var other = new PlaidTokenProtector(s_key.Select(b => (byte)(b ^ 0xFF)).ToArray());

        var error = Assert.Throws<PlaidTokenKeyException>(() => other.Unprotect(sealedToken, "item-1"));

        Assert.Contains("STREAMGUARD_TOKEN_KEY is not the key it was stored with", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unprotect_PlainTextToken_IsRefused()
    {
        var protector = new PlaidTokenProtector(s_key);

        var error = Assert.Throws<PlaidTokenKeyException>(() => protector.Unprotect("access-sandbox-plain", "item-1"));

        Assert.Contains("not in the encrypted format", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "STREAMGUARD_TOKEN_KEY is not set")]
    [InlineData("", "STREAMGUARD_TOKEN_KEY is not set")]
    [InlineData("not base64!", "STREAMGUARD_TOKEN_KEY is not valid base64")]
    [InlineData("AAECAwQFBgcICQoLDA0ODw==", "STREAMGUARD_TOKEN_KEY must decode to 32 bytes (AES-256), got 16")]
    public void FromEnvironment_MissingOrBadKey_RefusesNamingTheVariable(string? value, string expected)
    {
        var error = Assert.Throws<PlaidTokenKeyException>(() => PlaidTokenProtector.FromEnvironment(name => name == PlaidTokenProtector.KeyVariable ? value : null));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_ValidKey_Works()
    {
        PlaidTokenProtector protector = PlaidTokenProtector.FromEnvironment(_ => Convert.ToBase64String(s_key));

        Assert.Equal("t", new PlaidTokenProtector(s_key).Unprotect(protector.Protect("t", "i"), "i"));
    }
}
