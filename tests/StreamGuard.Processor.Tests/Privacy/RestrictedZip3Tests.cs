using StreamGuard.Core;
using StreamGuard.Core.Model;
using StreamGuard.Pipeline;
using StreamGuard.Privacy;
using StreamGuard.Processor.Tests.Support;

namespace StreamGuard.Processor.Tests.Privacy;

public sealed class RestrictedZip3Tests
{
    private static TransactionAnonymizer Anonymizer(PrivacyOptions options) =>
        new(new Pseudonymizer(PseudonymKey.FromBase64(Convert.ToBase64String(Enumerable.Repeat((byte)1, 32).ToArray()), "test")), options);

    private static string? PublishedZip3(TransactionAnonymizer anonymizer, string accountId, string zip)
    {
        TransactionEvent e = TestEvents.Event(1) with { AccountId = accountId };
        e = e with { Customer = e.Customer! with { Zip = zip } };
        return anonymizer.Anonymize(e, "s", "1", out RawFeatures _).HomeZip3;
    }

    [Theory]
    [InlineData("03601")]
    [InlineData("05901")]
    [InlineData("06390")]
    [InlineData("10201")]
    [InlineData("20301")]
    [InlineData("55601")]
    [InlineData("69201")]
    [InlineData("79001")]
    [InlineData("82101")]
    [InlineData("82301")]
    [InlineData("83001")]
    [InlineData("83101")]
    [InlineData("87801")]
    [InlineData("87901")]
    [InlineData("88401")]
    [InlineData("89001")]
    [InlineData("89301")]
    public void Anonymize_SafeHarborRestrictedZip_PublishedAs000(string zip)
    {
        Assert.Equal("000", PublishedZip3(Anonymizer(new PrivacyOptions()), "4111111111111111", zip));
    }

    [Theory]
    [InlineData("02139", "021")]
    [InlineData("03701", "037")]
    [InlineData("10001", "100")]
    [InlineData("8930", "089")]
    public void Anonymize_PopulousZip_KeepsItsPrefix(string zip, string expected)
    {
        Assert.Equal(expected, PublishedZip3(Anonymizer(new PrivacyOptions()), "4111111111111111", zip));
    }

    [Fact]
    public void Anonymize_ConfiguredList_ReplacesTheDefault()
    {
        TransactionAnonymizer custom = Anonymizer(new PrivacyOptions { RestrictedZip3 = " 021 , 100" });
        TransactionAnonymizer none = Anonymizer(new PrivacyOptions { RestrictedZip3 = "" });

        Assert.Equal("000", PublishedZip3(custom, "4111111111111111", "02139"));
        Assert.Equal("000", PublishedZip3(custom, "4222222222222222", "10001"));
        Assert.Equal("036", PublishedZip3(custom, "4333333333333333", "03601"));
        Assert.Equal("036", PublishedZip3(none, "4111111111111111", "03601"));
    }

    [Fact]
    public void Anonymize_SameCardMovesToRestrictedZip_NewZipSuppressed()
    {
        TransactionAnonymizer anonymizer = Anonymizer(new PrivacyOptions());

        Assert.Equal("021", PublishedZip3(anonymizer, "4111111111111111", "02139"));
        Assert.Equal("000", PublishedZip3(anonymizer, "4111111111111111", "03601"));
    }

    [Theory]
    [InlineData("36")]
    [InlineData("0361")]
    [InlineData("03a")]
    [InlineData("036;059")]
    public void Constructor_MalformedList_UserErrorNamingTheSetting(string list)
    {
        UserErrorException error = Assert.Throws<UserErrorException>(() => Anonymizer(new PrivacyOptions { RestrictedZip3 = list }));

        Assert.Contains("Privacy:RestrictedZip3", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Parse_Default_IsTheSeventeenSafeHarborPrefixes()
    {
        RestrictedZip3 list = RestrictedZip3.Parse(RestrictedZip3.HipaaSafeHarbor);

        Assert.Equal(17, list.Prefixes.Count);
        Assert.Null(list.Publish(null));
    }
}
