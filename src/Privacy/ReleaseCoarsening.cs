using System.Globalization;
using System.Text.RegularExpressions;
using StreamGuard.Core.Model;

namespace StreamGuard.Privacy;

/// <summary>
/// What a row or alert becomes when it leaves the operator's own store (the console's live frames, the aws
/// live stream, the SNS alert topic): times cut to the hour (UTC), amounts to whole dollars, in the fields
/// and in the words of messages and reasons. Exact values stay in SQLite, the archive, DynamoDB and S3.
/// </summary>
public static partial class ReleaseCoarsening
{
    /// <summary>The time unit released rows carry.</summary>
    public static readonly TimeSpan TimeUnit = TimeSpan.FromHours(1);

    /// <summary>The transaction as released: time to the hour, amount to whole dollars, reasons' figures coarsened.</summary>
    public static EnrichedTransaction Transaction(EnrichedTransaction t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return t with
        {
            EventTime = Time(t.EventTime),
            Amount = Amount(t.Amount),
            FraudReasons = t.FraudReasons?.Select(Text).ToArray(),
        };
    }

    /// <summary>The alert as released: time to the hour, amount to whole dollars, figures in its words coarsened.</summary>
    public static Alert Alert(Alert a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return a with
        {
            EventTime = Time(a.EventTime),
            Amount = a.Amount is decimal amount ? Amount(amount) : null,
            Message = Text(a.Message),
            Reasons = a.Reasons.Select(Text).ToArray(),
        };
    }

    /// <summary>The start of the hour (UTC) holding the time.</summary>
    public static DateTimeOffset Time(DateTimeOffset t)
    {
        DateTime utc = t.UtcDateTime;
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeUnit.Ticks), TimeSpan.Zero);
    }

    /// <summary>The amount to whole dollars (halves away from zero).</summary>
    public static decimal Amount(decimal amount) => Math.Round(amount, 0, MidpointRounding.AwayFromZero);

    /// <summary>
    /// Amounts with cents become whole dollars and clock times become the hour, wherever they appear in the words
    /// of a message. Hand-written: the texts are StreamGuard's own (scorer, budget and duplicate explanations),
    /// which print amounts with two decimals ($1,234.56, 12.30 USD) and times as hh:mm[:ss]; no library coarsens
    /// figures inside free text. Scores also have two decimals but lie in [0, 1) with no dollar sign: kept.
    /// </summary>
    public static string Text(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string coarse = Money().Replace(text, m =>
        {
            decimal value = decimal.Parse(m.Groups["n"].Value, NumberStyles.AllowThousands | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            if (m.Groups["d"].Length == 0 && value < 1)
            {
                return m.Value;
            }

            string format = m.Groups["n"].Value.Contains(',', StringComparison.Ordinal) ? "#,0" : "0";
            return m.Groups["d"].Value + Amount(value).ToString(format, CultureInfo.InvariantCulture);
        });
        return Clock().Replace(coarse, m => m.Groups["h"].Value + ":00");
    }

    [GeneratedRegex(@"(?<![\d.,])(?<d>\$?)(?<n>\d{1,3}(?:,\d{3})+\.\d{2}|\d+\.\d{2})(?![\d.])", RegexOptions.CultureInvariant)]
    private static partial Regex Money();

    [GeneratedRegex(@"(?<![\d:])(?<h>\d{1,2}):\d{2}(?::\d{2}(?:\.\d+)?)?(?![\d:])", RegexOptions.CultureInvariant)]
    private static partial Regex Clock();
}
