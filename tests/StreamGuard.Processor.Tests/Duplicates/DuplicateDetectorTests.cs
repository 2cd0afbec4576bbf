using StreamGuard.Core.Model;
using StreamGuard.Insight.Duplicates;
using StreamGuard.Pipeline;
using StreamGuard.Processor.Tests.Support;

namespace StreamGuard.Processor.Tests.Duplicates;

public sealed class DuplicateDetectorTests
{
    private static readonly DateTimeOffset s_t0 = Tx.Utc("2026-05-04T10:00:00Z");

    [Fact]
    public void Process_SameCardMerchantAmountWithinWindow_RaisesDuplicateAlertNotFraud()
    {
        var stage = new DuplicateStage(new DuplicateOptions { Window = TimeSpan.FromMinutes(10) });
        RecordBatch batch = Tx.Batch("s", 1,
            Tx.Make("t1", s_t0, 42.50m, merchant: "SQ *BLUE BOTTLE"),
            Tx.Make("t2", s_t0.AddMinutes(3), 42.50m, merchant: "SQ *BLUE BOTTLE"));

        stage.Process(batch);

        Alert alert = Assert.Single(batch.Alerts);
        Assert.Equal(AlertTypes.DuplicateSuspected, alert.Type);
        Assert.Equal("t2", alert.TransactionId);
        Assert.Contains("t1", alert.Message, StringComparison.Ordinal);
        Assert.Equal(1, stage.Detector.Duplicates);
    }

    [Theory]
    [InlineData("t2", "card-c1", "SQ *BLUE BOTTLE", 42.50, 11)]
    [InlineData("t2", "card-other", "SQ *BLUE BOTTLE", 42.50, 1)]
    [InlineData("t2", "card-c1", "STARBUCKS", 42.50, 1)]
    [InlineData("t2", "card-c1", "SQ *BLUE BOTTLE", 42.51, 1)]
    [InlineData("t1", "card-c1", "SQ *BLUE BOTTLE", 42.50, 1)]
    public void Check_AnyDifferenceOrOutsideWindow_NoAlert(string id, string card, string merchant, double amount, int minutesLater)
    {
        var detector = new DuplicateDetector(new DuplicateOptions { Window = TimeSpan.FromMinutes(10) });
        Assert.Null(detector.Check(Tx.Make("t1", s_t0, 42.50m, merchant: "SQ *BLUE BOTTLE")));

        Assert.Null(detector.Check(Tx.Make(id, s_t0.AddMinutes(minutesLater), (decimal)amount, merchant: merchant, card: card)));
    }

    [Fact]
    public void Check_PostedReplacingPending_NotADuplicate()
    {
        var detector = new DuplicateDetector(new DuplicateOptions());
        detector.Check(Tx.Make("pending-1", s_t0, 9.99m));

        Assert.Null(detector.Check(Tx.Make("posted-1", s_t0.AddMinutes(1), 9.99m, pendingId: "pending-1")));
    }

    [Fact]
    public void Check_OutOfOrderDuplicate_StillFlagged()
    {
        var detector = new DuplicateDetector(new DuplicateOptions { Window = TimeSpan.FromMinutes(10) });
        detector.Check(Tx.Make("t2", s_t0.AddMinutes(4), 5m));

        Assert.NotNull(detector.Check(Tx.Make("t1", s_t0, 5m)));
    }

    [Fact]
    public void Check_ManyCharges_StateStaysBoundedByWindow()
    {
        var detector = new DuplicateDetector(new DuplicateOptions { Window = TimeSpan.FromMinutes(1) });
        for (int i = 0; i < 10_000; i++)
        {
            detector.Check(Tx.Make("t" + i, s_t0.AddSeconds(i), 1m + i));
        }

        Assert.InRange(detector.Tracked, 1, 62);
        Assert.Equal(0, detector.Duplicates);
    }

    [Fact]
    public void Validate_BadSettings_NamesEachOne()
    {
        IReadOnlyList<string> errors = DuplicateOptionsValidator.Validate(new DuplicateOptions { Window = TimeSpan.Zero, Severity = "urgent" });

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Duplicates:Window", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Duplicates:Severity", StringComparison.Ordinal));
    }
}
