using StreamGuard.Processor.Tests.Support;
using StreamGuard.Insight.Windows;

namespace StreamGuard.Processor.Tests.Windows;

public sealed class ZonedCalendarTests
{
    private static ZonedCalendar In(string zone) => new(TimeZoneInfo.FindSystemTimeZoneById(zone));

    [Fact]
    public void WindowOf_DayOfSpringForwardInNewYork_Is23HoursFromLocalMidnight()
    {
        WindowBounds day = In("America/New_York").WindowOf(WindowSize.Day, Tx.Utc("2026-03-08T15:00:00Z").UtcTicks);

        Assert.Equal(Tx.Utc("2026-03-08T05:00:00Z").UtcTicks, day.StartUtcTicks);
        Assert.Equal(TimeSpan.FromHours(23), TimeSpan.FromTicks(day.EndUtcTicks - day.StartUtcTicks));
        Assert.Equal(TimeSpan.FromHours(-5), day.Start.Offset);
    }

    [Fact]
    public void WindowOf_DayOfFallBackInNewYork_Is25Hours()
    {
        WindowBounds day = In("America/New_York").WindowOf(WindowSize.Day, Tx.Utc("2026-11-01T12:00:00Z").UtcTicks);

        Assert.Equal(Tx.Utc("2026-11-01T04:00:00Z").UtcTicks, day.StartUtcTicks);
        Assert.Equal(TimeSpan.FromHours(25), TimeSpan.FromTicks(day.EndUtcTicks - day.StartUtcTicks));
    }

    [Fact]
    public void WindowOf_RepeatedHourAtFallBack_GivesTwoDistinctHourWindows()
    {
        ZonedCalendar ny = In("America/New_York");
        WindowBounds first = ny.WindowOf(WindowSize.Hour, Tx.Utc("2026-11-01T05:30:00Z").UtcTicks);
        WindowBounds second = ny.WindowOf(WindowSize.Hour, Tx.Utc("2026-11-01T06:30:00Z").UtcTicks);

        Assert.Equal(first.Start.DateTime, second.Start.DateTime);
        Assert.NotEqual(first.StartUtcTicks, second.StartUtcTicks);
        Assert.Equal(TimeSpan.FromHours(1), TimeSpan.FromTicks(second.EndUtcTicks - second.StartUtcTicks));
    }

    [Fact]
    public void WindowOf_InstantOnJanuary31Utc_IsFebruaryInSydney()
    {
        long instant = Tx.Utc("2026-01-31T14:30:00Z").UtcTicks;

        WindowBounds sydney = In("Australia/Sydney").WindowOf(WindowSize.Month, instant);
        WindowBounds utc = In("UTC").WindowOf(WindowSize.Month, instant);

        Assert.Equal(new DateTime(2026, 2, 1), sydney.Start.DateTime);
        Assert.Equal(Tx.Utc("2026-01-31T13:00:00Z").UtcTicks, sydney.StartUtcTicks);
        Assert.Equal(Tx.Utc("2026-02-28T13:00:00Z").UtcTicks, sydney.EndUtcTicks);
        Assert.Equal(new DateTime(2026, 1, 1), utc.Start.DateTime);
    }

    [Fact]
    public void WindowOf_LeapFebruary_EndsOnMarchFirst()
    {
        WindowBounds month = In("UTC").WindowOf(WindowSize.Month, Tx.Utc("2028-02-29T23:59:59Z").UtcTicks);

        Assert.Equal(Tx.Utc("2028-03-01T00:00:00Z").UtcTicks, month.EndUtcTicks);
    }

    [Fact]
    public void WindowOf_HalfHourZone_AlignsHoursToLocalClock()
    {
        WindowBounds hour = In("Asia/Kolkata").WindowOf(WindowSize.Hour, Tx.Utc("2026-06-01T10:10:00Z").UtcTicks);

        Assert.Equal(Tx.Utc("2026-06-01T09:30:00Z").UtcTicks, hour.StartUtcTicks);
    }
}
