using StreamGuard.Core.Model;
using StreamGuard.Core.Streaming;
using StreamGuard.Pipeline;
using StreamGuard.Privacy;
using StreamGuard.Runtime.Sinks.Live;

namespace StreamGuard.Processor.Tests.Privacy;

public sealed class ReleaseCoarseningTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset s_at = new(2024, 3, 5, 14, 37, 22, TimeSpan.FromHours(2));

    private static EnrichedTransaction Row() => new()
    {
        TransactionId = "txn_1",
        EventTime = s_at,
        Amount = 123.45m,
        Merchant = "m",
        CustomerId = "cust_1",
        CardId = "card_1",
        Category = "shopping_net",
        FraudReasons = ["amount $1,234.56, 3.1x this card's typical $398.24", "14:37, an unusual hour for shopping_net"],
    };

    private static Alert AlertOf(EnrichedTransaction t) => new()
    {
        AlertId = "a1",
        Type = AlertTypes.FraudSuspected,
        Severity = "high",
        EventTime = t.EventTime,
        Amount = t.Amount,
        Score = 0.93,
        Message = "Possible duplicate charge: 123.45 USD at m, 42 s from transaction txn_0 (anomaly 0.87) at 14:37:22.",
        Reasons = ["forecast 1040.50"],
    };

    [Fact]
    public void Transaction_ExactRow_HourAndWholeDollars()
    {
        EnrichedTransaction coarse = ReleaseCoarsening.Transaction(Row());

        Assert.Equal(new DateTimeOffset(2024, 3, 5, 12, 0, 0, TimeSpan.Zero), coarse.EventTime);
        Assert.Equal(123m, coarse.Amount);
        Assert.Equal(["amount $1,235, 3.1x this card's typical $398", "14:00, an unusual hour for shopping_net"], coarse.FraudReasons);
        Assert.Equal(s_at, Row().EventTime);
    }

    [Fact]
    public void Alert_ExactAlert_FieldsAndWordsCoarsenedScoresKept()
    {
        Alert coarse = ReleaseCoarsening.Alert(AlertOf(Row()));

        Assert.Equal(new DateTimeOffset(2024, 3, 5, 12, 0, 0, TimeSpan.Zero), coarse.EventTime);
        Assert.Equal(123m, coarse.Amount);
        Assert.Equal(0.93, coarse.Score);
        Assert.Equal("Possible duplicate charge: 123 USD at m, 42 s from transaction txn_0 (anomaly 0.87) at 14:00.", coarse.Message);
        Assert.Equal(["forecast 1041"], coarse.Reasons);
    }

    [Theory]
    [InlineData("0.50 USD", "0.50 USD")]
    [InlineData("$0.50", "$1")]
    [InlineData("$2.49 and $2.50", "$2 and $3")]
    [InlineData("1,000,000.99 of 2,000.00", "1,000,001 of 2,000")]
    [InlineData("active 08:00-17:00", "active 08:00-17:00")]
    [InlineData("at 9:05", "at 9:00")]
    [InlineData("version 1.2.3", "version 1.2.3")]
    public void Text_Figures_CoarsenedOnlyWhereTheyAreMoneyOrClockTimes(string text, string expected)
    {
        Assert.Equal(expected, ReleaseCoarsening.Text(text));
    }

    [Fact]
    public async Task LiveFeedSink_Batch_ViewersGetCoarsenedRowsAndAlerts()
    {
        EnrichedTransaction row = Row();
        var feed = new LiveFeed();
        using var unsubscribe = new CancellationTokenSource();
        System.Threading.Channels.ChannelReader<LiveUpdate> reader = feed.Subscribe(unsubscribe.Token);
        var batch = new RecordBatch("a", [new PipelineItem(new StreamRecord("1", "p", ReadOnlyMemory<byte>.Empty, s_at)) { Output = row }]);
        batch.Alerts.Add(AlertOf(row));

        await new LiveFeedSink(feed).WriteAsync(batch, CancellationToken.None).WaitAsync(s_timeout);
        LiveUpdate update = await reader.ReadAsync().AsTask().WaitAsync(s_timeout);

        EnrichedTransaction shown = Assert.Single(update.Recent);
        Assert.Equal(123m, shown.Amount);
        Assert.Equal(0, shown.EventTime.Minute);
        Alert alert = Assert.Single(update.Alerts);
        Assert.DoesNotContain("123.45", alert.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("14:37", alert.Message, StringComparison.Ordinal);
        // The batch itself (what the operator's store writes) keeps the exact values.
        Assert.Equal(123.45m, batch.Items[0].Output!.Amount);
        Assert.Equal(123.45m, batch.Alerts[0].Amount);
    }
}
