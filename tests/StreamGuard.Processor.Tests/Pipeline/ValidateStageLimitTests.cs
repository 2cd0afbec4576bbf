using StreamGuard.Core.Model;
using StreamGuard.Pipeline.Stages;

namespace StreamGuard.Processor.Tests.Pipeline;

/// <summary>Records written to a stream by other producers meet the readers' text limits in the validate stage.</summary>
public sealed class ValidateStageLimitTests
{
    private static readonly DateTimeOffset s_latest = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static TransactionEvent Event(string merchant, string? city = "Springfield") => new()
    {
        TransactionId = "t1",
        EventTime = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero),
        Amount = 5m,
        Merchant = merchant,
        AccountId = "4263982640269299",
        Customer = new CustomerIdentity { City = city },
    };

    [Fact]
    public void Problem_ControlCharacterInMerchant_Rejected() =>
        Assert.Equal("merchant contains a control character (U+0000 at character 4)", ValidateStage.Problem(Event("Bad\0Shop"), s_latest));

    [Fact]
    public void Problem_MegabyteMerchantAndLongCity_BothNamed() =>
        Assert.Equal("merchant has 1,048,576 characters (at most 256 are accepted); city has 300 characters (at most 256 are accepted)",
            ValidateStage.Problem(Event(new string('M', 1024 * 1024), new string('c', 300)), s_latest));

    [Fact]
    public void Problem_OrdinaryEvent_Accepted() =>
        Assert.Null(ValidateStage.Problem(Event("Kirlin and Sons"), s_latest));
}
