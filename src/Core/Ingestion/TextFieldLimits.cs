using System.Buffers;
using System.Globalization;
using System.Text;
using StreamGuard.Core.Model;

namespace StreamGuard.Core.Ingestion;

/// <summary>
/// Length and character limits for an event's text fields. No real merchant, name or street is
/// longer than a few hundred characters, and a control character (NUL, escape, backspace) is
/// never part of one: such a value is a broken or hostile row, so it is dead-lettered
/// with the field named, never stored or archived as it is.
/// </summary>
public static class TextFieldLimits
{
    /// <summary>The longest text value accepted in any field.</summary>
    public const int MaxFieldLength = 256;

    /// <summary>The longest input row (CSV line or JSON element) read at all; longer ones are dead-lettered unparsed.</summary>
    public const int MaxRowLength = 64 * 1024;

    // C0 controls, DEL and C1 controls. Tab and line breaks are whitespace a quoted CSV field may hold
    // (a street on two lines) and JSON escapes them: they are kept.
    private static readonly SearchValues<char> s_controls = SearchValues.Create(
        Enumerable.Range(0, 0xA0).Select(i => (char)i).Where(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r')).ToArray());

    /// <summary>How much of a rejected row a dead letter keeps (sealed); the rest is cut with a note.</summary>
    public const int MaxDeadLetterPayload = 64 * 1024;

    /// <summary>Every problem with the event's text fields, joined by "; ", or null when there is none. Values are never repeated.</summary>
    public static string? Problems(TransactionEvent e)
    {
        StringBuilder? problems = null;
        Check(ref problems, "transaction id", e.TransactionId);
        Check(ref problems, "merchant", e.Merchant);
        Check(ref problems, "category", e.SourceCategory);
        Check(ref problems, "account id", e.AccountId);
        Check(ref problems, "pending transaction id", e.PendingTransactionId);
        Check(ref problems, "currency", e.Currency);
        if (e.Customer is { } c)
        {
            Check(ref problems, "first name", c.FirstName);
            Check(ref problems, "last name", c.LastName);
            Check(ref problems, "gender", c.Gender);
            Check(ref problems, "street", c.Street);
            Check(ref problems, "city", c.City);
            Check(ref problems, "state", c.State);
            Check(ref problems, "zip", c.Zip);
            Check(ref problems, "job", c.Job);
        }

        return problems?.ToString();
    }

    /// <summary>What is wrong with one value (too long, or a control character), or null.</summary>
    public static string? Problem(string field, string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Length > MaxFieldLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{field} has {value.Length:N0} characters (at most {MaxFieldLength} are accepted)");
        }

        int control = IndexOfControl(value);
        return control < 0
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"{field} contains a control character (U+{(int)value[control]:X4} at character {control + 1})");
    }

    /// <summary>A value as a reason may quote it: itself in quotes when short and printable, else only its length.</summary>
    public static string Shown(ReadOnlySpan<char> value)
    {
        const int MaxShown = 40;
        bool printable = value.Length <= MaxShown;
        for (int i = 0; printable && i < value.Length; i++)
        {
            printable = !char.IsControl(value[i]);
        }

        return printable
            ? $"'{value}'"
            : string.Create(CultureInfo.InvariantCulture, $"(a value of {value.Length:N0} characters{(value.Length <= MaxShown ? " with control characters" : "")})");
    }

    /// <summary>A row too long to read, said without repeating it.</summary>
    public static string RowTooLong(long length) =>
        string.Create(CultureInfo.InvariantCulture, $"the row has {length:N0} characters; rows over {MaxRowLength:N0} are not read (a field is far longer than any real value)");

    /// <summary>The payload a dead letter keeps: the row itself, or its start and a note when it is very long.</summary>
    public static string Payload(string row) =>
        row.Length <= MaxDeadLetterPayload
            ? row
            : string.Concat(row.AsSpan(0, MaxDeadLetterPayload), string.Create(CultureInfo.InvariantCulture, $"…[cut: {row.Length:N0} characters in all]"));

    private static void Check(ref StringBuilder? problems, string field, string? value)
    {
        string? problem = Problem(field, value);
        if (problem is not null)
        {
            problems ??= new StringBuilder();
            if (problems.Length > 0)
            {
                problems.Append("; ");
            }

            problems.Append(problem);
        }
    }

    private static int IndexOfControl(string value) => value.AsSpan().IndexOfAny(s_controls);
}
