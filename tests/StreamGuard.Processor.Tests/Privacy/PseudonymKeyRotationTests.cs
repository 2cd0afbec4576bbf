using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using StreamGuard.Core.Model;
using StreamGuard.Runtime.Hosting;
using StreamGuard.Privacy;
using StreamGuard.Runtime.Sinks.Sqlite;
using StreamGuard.Processor.Tests.Support;
using StreamGuard.Runtime.Composition;

namespace StreamGuard.Processor.Tests.Privacy;

public sealed class PseudonymKeyRotationTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sg-rotate-" + Guid.NewGuid().ToString("N"));

    private static string Base64(byte fill) => Convert.ToBase64String(Enumerable.Repeat(fill, 32).ToArray());

    private static PseudonymKey Key(byte fill) => PseudonymKey.FromBase64(Base64(fill), "test");

    [Fact]
    public void Links_PreviousKey_MapsTheOldPseudonymToTheNewOne()
    {
        TransactionEvent raw = TestEvents.Event(1);
        string oldCard = new TransactionAnonymizer(new Pseudonymizer(Key(1)), new PrivacyOptions()).Anonymize(raw, "s", "1", out _).CardId;
        string newCard = new TransactionAnonymizer(new Pseudonymizer(Key(2)), new PrivacyOptions()).Anonymize(raw, "s", "1", out _).CardId;
        PseudonymKeyRing ring = PseudonymKeyRing.Resolve(Key(2), new PrivacyOptions { PreviousPseudonymKeys = [Base64(1)] });

        (string keyId, string from, string to) = Assert.Single(ring.Links("card", raw.AccountId));

        Assert.Equal((Key(1).Id, oldCard, newCard), (keyId, from, to));
        Assert.True(ring.Knows(Key(1).Id));
        Assert.False(ring.Knows(Key(3).Id));
    }

    [Fact]
    public void CheckAndStamp_OtherKeyWithoutRotation_Refused_WithPreviousKey_Accepted()
    {
        using (var store = new SqliteStore(_dir))
        {
            Assert.Null(PseudonymKeyStamp.CheckAndStamp(store, new PseudonymKeyRing(Key(1), [])));
            Assert.Equal(Key(1).Id, PseudonymKeyStamp.CheckAndStamp(store, new PseudonymKeyRing(Key(1), [])));

            InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => PseudonymKeyStamp.CheckAndStamp(store, new PseudonymKeyRing(Key(2), [])));
            Assert.Contains("StreamGuard:Privacy:PreviousPseudonymKeys", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(Base64(2), e.Message, StringComparison.Ordinal);

            Assert.Equal(Key(1).Id, PseudonymKeyStamp.CheckAndStamp(store, new PseudonymKeyRing(Key(2), [Key(1)])));
            Assert.Equal(Key(2).Id, PseudonymKeyStamp.CheckAndStamp(store, new PseudonymKeyRing(Key(2), [])));
        }

        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task EmbeddedPipeline_DataFolderMadeWithAnotherKey_RefusesToStartNamingTheSetting()
    {
        var first = new StreamGuardOptions { DataDir = _dir };
        first.Privacy.PseudonymKey = Base64(1);
        await using (EmbeddedEdgeServices.Create(first, NullLoggerFactory.Instance, TimeProvider.System, new EmbeddedEdgeSettings()))
        {
        }

        var second = new StreamGuardOptions { DataDir = _dir };
        second.Privacy.PseudonymKey = Base64(2);
        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => EmbeddedEdgeServices.Create(second, NullLoggerFactory.Instance, TimeProvider.System, new EmbeddedEdgeSettings()));
        Assert.Contains("PreviousPseudonymKeys", e.Message, StringComparison.Ordinal);

        second.Privacy.PreviousPseudonymKeys = [Base64(1)];
        await using (EmbeddedEdgeServices.Create(second, NullLoggerFactory.Instance, TimeProvider.System, new EmbeddedEdgeSettings()))
        {
        }

        SqliteConnection.ClearAllPools();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }
}
