using System.Text.Json;
using StreamGuard.Core.Model;
using StreamGuard.Core.Serialization;
using StreamGuard.Pipeline;
using StreamGuard.Privacy;
using StreamGuard.Processor.Tests.Support;

namespace StreamGuard.Processor.Tests.Privacy;

public sealed class TransactionAnonymizerTests
{
    private static TransactionAnonymizer Anonymizer(byte fill = 1, PrivacyOptions? options = null) =>
        new(new Pseudonymizer(PseudonymKey.FromBase64(Convert.ToBase64String(Enumerable.Repeat(fill, 32).ToArray()), "test")), options ?? new PrivacyOptions());

    [Fact]
    public void Anonymize_RawEvent_OutputHoldsNoPersonalValue()
    {
        TransactionEvent raw = TestEvents.Event(1);
        EnrichedTransaction safe = Anonymizer().Anonymize(raw, "s", "1", out RawFeatures features);
        string json = JsonSerializer.Serialize(safe, CoreJsonContext.Default.EnrichedTransaction);

        foreach (string personal in new[] { "Zebedee", "Quuxworth", "Canary Row", "4111111111111111", "1980-05-17", "Lighthouse", "02139", "42.36" })
        {
            Assert.DoesNotContain(personal, json, StringComparison.Ordinal);
        }

        Assert.Equal("1111", safe.CardLast4);
        Assert.Equal("40-49", safe.AgeBand);
        Assert.Equal("021", safe.HomeZip3);
        Assert.Equal("42N072W", safe.HomeCell);
        Assert.Null(safe.MerchantLocation);
        Assert.Equal(43, features.AgeYears);
        Assert.InRange(features.DistanceFromHomeKm!.Value, 4, 6);
    }

    [Fact]
    public void Anonymize_SourceTransactionIds_ReplacedByKeyedIdsThatStillMatchAcrossCorrections()
    {
        TransactionEvent pending = TestEvents.Event(1) with { TransactionId = "plaid-pending-123", Pending = true };
        TransactionEvent posted = TestEvents.Event(1) with { TransactionId = "plaid-posted-456", PendingTransactionId = "plaid-pending-123" };
        TransactionAnonymizer anonymizer = Anonymizer(1);

        EnrichedTransaction p = anonymizer.Anonymize(pending, "s", "1", out _);
        EnrichedTransaction q = anonymizer.Anonymize(posted, "s", "2", out _);
        EnrichedTransaction again = Anonymizer(1).Anonymize(pending, "s", "3", out _);
        EnrichedTransaction otherKey = Anonymizer(2).Anonymize(pending, "s", "1", out _);

        // The posted row names its pending one by the same keyed id, so the correction still matches;
        // a replay of the same source id gets the same keyed id (deduplication, idempotent writes).
        Assert.Equal(p.TransactionId, q.PendingTransactionId);
        Assert.Equal(p.TransactionId, again.TransactionId);
        Assert.NotEqual(p.TransactionId, otherKey.TransactionId);
        Assert.Matches("^txn_[0-9a-f]{20}$", p.TransactionId);
        string json = JsonSerializer.Serialize(q, CoreJsonContext.Default.EnrichedTransaction);
        Assert.DoesNotContain("plaid-pending-123", json, StringComparison.Ordinal);
        Assert.DoesNotContain("plaid-posted-456", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Anonymize_Distance_ExactInMemoryBandedInOutputAndAbsentNextToMerchantCoordinates()
    {
        TransactionEvent raw = TestEvents.Event(1);

        EnrichedTransaction banded = Anonymizer().Anonymize(raw, "s", "1", out RawFeatures features);
        EnrichedTransaction withCoordinates = Anonymizer(options: new PrivacyOptions { KeepMerchantLocation = true }).Anonymize(raw, "s", "1", out RawFeatures same);

        Assert.InRange(features.DistanceFromHomeKm!.Value, 4, 6);
        Assert.Equal(features.DistanceFromHomeKm, same.DistanceFromHomeKm);
        // The band measures from the centre of the published home cell (42.5N 71.5W), not from the home 5 km away.
        double fromCentre = new GeoPoint(42.5, -71.5).DistanceKmTo(raw.MerchantLocation!.Value);
        Assert.Equal(TransactionAnonymizer.DistanceBand(fromCentre), banded.DistanceFromHomeKm);
        Assert.NotEqual(TransactionAnonymizer.DistanceBand(features.DistanceFromHomeKm), banded.DistanceFromHomeKm);
        Assert.NotNull(withCoordinates.MerchantLocation);
        Assert.Null(withCoordinates.DistanceFromHomeKm);
        Assert.Equal(new double?[] { 0, 5, 25, 100, 500, 2000 }, new double?[] { 4.9, 5, 99.9, 100, 1999, 8000 }.Select(TransactionAnonymizer.DistanceBand).Distinct());
    }

    [Fact]
    public void Pseudonym_SameKey_IsStable_OtherKey_Differs()
    {
        TransactionEvent raw = TestEvents.Event(1);
        EnrichedTransaction a = Anonymizer(1).Anonymize(raw, "s", "1", out _);
        EnrichedTransaction b = Anonymizer(1).Anonymize(raw with { TransactionId = "other" }, "s", "2", out _);
        EnrichedTransaction c = Anonymizer(2).Anonymize(raw, "s", "1", out _);

        Assert.Equal(a.CardId, b.CardId);
        Assert.Equal(a.CustomerId, b.CustomerId);
        Assert.NotEqual(a.CardId, c.CardId);
        Assert.StartsWith("card_", a.CardId, StringComparison.Ordinal);
    }

    [Fact]
    public void Pseudonym_WithoutKey_CannotBeFoundByHashingCardNumbers()
    {
        EnrichedTransaction safe = Anonymizer().Anonymize(TestEvents.Event(1), "s", "1", out _);
        string hex = safe.CardId["card_".Length..];

        foreach (string guess in new[] { "4111111111111111", "card\u001f4111111111111111" })
        {
            byte[] bytes = System.Text.Encoding.UTF8.GetBytes(guess);
            Assert.DoesNotContain(hex, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), StringComparison.Ordinal);
            Assert.DoesNotContain(hex, Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(bytes)), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Anonymize_OptedIn_KeepsMerchantLocation()
    {
        EnrichedTransaction safe = Anonymizer(options: new PrivacyOptions { KeepMerchantLocation = true }).Anonymize(TestEvents.Event(1), "s", "1", out _);

        Assert.Equal(new GeoPoint(42.40, -71.10), safe.MerchantLocation);
    }

    [Fact]
    public void DeadLetterProtector_SealsPayload_OnlyTheSealingKeyOpensIt()
    {
        var key = SealingKey.FromBase64(Convert.ToBase64String(new byte[32]), "test");
        var other = SealingKey.FromBase64(Convert.ToBase64String(Enumerable.Repeat((byte)9, 32).ToArray()), "test");
        // The pseudonym key with the same bytes as the sealing key still opens nothing: the secrets are separate.
        var pseudonymKey = PseudonymKey.FromBase64(Convert.ToBase64String(Enumerable.Repeat((byte)9, 32).ToArray()), "test");
        string sealedPayload = new DeadLetterProtector(key).Seal("Zebedee,4111111111111111");

        Assert.DoesNotContain("Zebedee", sealedPayload, StringComparison.Ordinal);
        Assert.Equal("Zebedee,4111111111111111", new DeadLetterProtector(key).Open(sealedPayload));
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => new DeadLetterProtector(other).Open(sealedPayload));
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => new DeadLetterProtector(other, pseudonymKey).Open(sealedPayload));
    }

    [Fact]
    public void PseudonymKey_TooShortOrNotBase64_IsRejectedNamingTheSetting()
    {
        var shortKey = Assert.Throws<InvalidOperationException>(() => PseudonymKey.FromBase64(Convert.ToBase64String(new byte[8]), "env"));
        var garbage = Assert.Throws<InvalidOperationException>(() => PseudonymKey.FromBase64("%%%", "env"));

        Assert.Contains("Privacy:PseudonymKey", shortKey.Message, StringComparison.Ordinal);
        Assert.Contains("base64", garbage.Message, StringComparison.Ordinal);
    }
}
