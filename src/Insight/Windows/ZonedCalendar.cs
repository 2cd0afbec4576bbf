namespace StreamGuard.Insight.Windows;

/// <summary>
/// Window boundaries in one time zone. Day and month windows follow the local calendar (a day
/// across a DST change is 23 or 25 hours long); minute and hour windows follow local clock
/// alignment. The last window of each size is cached, so most events need no zone conversion.
/// </summary>
public sealed class ZonedCalendar
{
    private readonly TimeZoneInfo _zone;
    private readonly long[] _start = new long[4];
    private readonly long[] _end = new long[4];
    private readonly long[] _offset = new long[4];

    public ZonedCalendar(TimeZoneInfo zone) => _zone = zone;

    public TimeZoneInfo Zone => _zone;

    /// <summary>The window of <paramref name="size"/> holding the instant <paramref name="utcTicks"/>.</summary>
    public WindowBounds WindowOf(WindowSize size, long utcTicks)
    {
        int i = (int)size;
        if (utcTicks >= _start[i] && utcTicks < _end[i])
        {
            return new WindowBounds(_start[i], _end[i], _offset[i]);
        }

        WindowBounds bounds = Compute(size, utcTicks);
        _start[i] = bounds.StartUtcTicks;
        _end[i] = bounds.EndUtcTicks;
        _offset[i] = bounds.StartOffsetTicks;
        return bounds;
    }

    /// <summary>The local date of an instant (from the cached day window: no zone conversion most of the time).</summary>
    public DateOnly LocalDate(long utcTicks)
    {
        WindowBounds day = WindowOf(WindowSize.Day, utcTicks);
        return DateOnly.FromDayNumber((int)((day.StartUtcTicks + day.StartOffsetTicks + TimeSpan.TicksPerHour) / TimeSpan.TicksPerDay));
    }

    private WindowBounds Compute(WindowSize size, long utcTicks)
    {
        var utc = new DateTime(utcTicks, DateTimeKind.Utc);
        long offset = _zone.GetUtcOffset(utc).Ticks;
        long local = utcTicks + offset;
        switch (size)
        {
            case WindowSize.Minute:
            case WindowSize.Hour:
                long length = size == WindowSize.Minute ? TimeSpan.TicksPerMinute : TimeSpan.TicksPerHour;
                long start = utcTicks - (local % length);
                return new WindowBounds(start, start + length, offset);
            case WindowSize.Day:
                var day = new DateTime(local - (local % TimeSpan.TicksPerDay), DateTimeKind.Unspecified);
                return Bounds(day, day.AddDays(1));
            default:
                var localDate = new DateTime(local, DateTimeKind.Unspecified);
                var month = new DateTime(localDate.Year, localDate.Month, 1, 0, 0, 0, DateTimeKind.Unspecified);
                return Bounds(month, month.AddMonths(1));
        }
    }

    private WindowBounds Bounds(DateTime localStart, DateTime localEnd)
    {
        long start = LocalToUtcTicks(localStart);
        long end = LocalToUtcTicks(localEnd);
        return new WindowBounds(start, end, _zone.GetUtcOffset(new DateTime(start, DateTimeKind.Utc)).Ticks);
    }

    // Local midnight can be skipped (a DST jump at midnight) or repeated: take the first instant
    // that belongs to the new local day.
    private long LocalToUtcTicks(DateTime local)
    {
        while (_zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        TimeSpan offset = _zone.IsAmbiguousTime(local)
            ? _zone.GetAmbiguousTimeOffsets(local).Max()
            : _zone.GetUtcOffset(local);
        return local.Ticks - offset.Ticks;
    }
}
