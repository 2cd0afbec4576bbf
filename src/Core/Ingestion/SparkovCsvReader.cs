using System.Globalization;
using System.Text;
using StreamGuard.Core.Model;

namespace StreamGuard.Core.Ingestion;

/// <summary>
/// Reads the Kaggle "credit card transactions" CSV made by the Sparkov generator. Tolerates the
/// layouts real files have (leading index column, extra trailing columns, the "fraud_" merchant
/// prefix) and turns every row it cannot read faithfully into a dead letter with the reason.
/// </summary>
public sealed class SparkovCsvReader
{
    private const string MerchantPrefix = "fraud_";
    private const int MaxRecordLines = 20;
    private static readonly string[] s_timeFormats = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF"];

    private readonly string _origin;

    public SparkovCsvReader(string origin) => _origin = origin;

    public IEnumerable<ReadOutcome> Read(TextReader reader)
    {
        var fields = new List<CsvField>(32);
        string? headerLine = reader.ReadLine() ?? throw new InputFormatException($"{_origin} is empty: expected a CSV header.");
        if (!CsvLineSplitter.TrySplit(headerLine, fields))
        {
            throw new InputFormatException($"{_origin}: the CSV header has an unclosed quote.");
        }

        SparkovColumns columns = SparkovColumns.FromHeader(fields.Select(f => f.Text(headerLine)).ToList());
        var problems = new StringBuilder();
        var pool = new FieldStringPool();
        var customers = new CustomerIdentityCache();
        long lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            long firstLine = lineNumber;
            if (line.Length == 0)
            {
                continue;
            }

            if (line.Length > TextFieldLimits.MaxRowLength)
            {
                // Not split at all: a row this long cannot hold real values, and its quotes may be the broken part.
                yield return Fail(line, firstLine, TextFieldLimits.RowTooLong(line.Length));
                continue;
            }

            int extraLines = 0;
            bool complete;
            while (!(complete = CsvLineSplitter.TrySplit(line, fields)) && extraLines < MaxRecordLines && line.Length <= TextFieldLimits.MaxRowLength
                && reader.ReadLine() is { } next)
            {
                line = line + "\n" + next;
                lineNumber++;
                extraLines++;
            }

            yield return !complete && line.Length > TextFieldLimits.MaxRowLength
                ? Fail(line, firstLine, TextFieldLimits.RowTooLong(line.Length) + " (an unclosed quote joined it with the lines after it)")
                : ParseRow(line, fields, columns, firstLine, problems, pool, customers);
        }
    }

    private ReadOutcome ParseRow(string line, List<CsvField> fields, SparkovColumns c, long lineNumber, StringBuilder problems, FieldStringPool pool, CustomerIdentityCache customers)
    {
        problems.Clear();
        if (fields.Count < c.Count)
        {
            return Fail(line, lineNumber, $"the row has {fields.Count} fields but the header has {c.Count} (a missing separator or an unclosed quote)");
        }

        string Text(int column) => column < 0 ? "" : fields[column].Text(line);
        ReadOnlySpan<char> Span(int column) => column < 0 ? [] : fields[column].Span(line);

        // Values that repeat from row to row (cards, merchants, customers' details) come from the pool.
        string Pooled(int column) => column < 0 ? "" : fields[column].Escaped ? fields[column].Text(line) : pool.Get(fields[column].Span(line));

        string Trimmed(int column, string? prefix = null)
        {
            if (column < 0)
            {
                return "";
            }

            if (fields[column].Escaped)
            {
                string text = fields[column].Text(line).Trim();
                return prefix is not null && text.StartsWith(prefix, StringComparison.Ordinal) ? text[prefix.Length..] : text;
            }

            ReadOnlySpan<char> span = fields[column].Span(line).Trim();
            return pool.Get(prefix is not null && span.StartsWith(prefix, StringComparison.Ordinal) ? span[prefix.Length..] : span);
        }

        DateTimeOffset time = default;
        ReadOnlySpan<char> rawTime = Span(c.Time).Trim();
        if (!FixedDateText.TryParseDateTime(rawTime, out DateTime parsedTime)
            && !DateTime.TryParseExact(rawTime, s_timeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out parsedTime))
        {
            Append(problems, $"trans_date_trans_time {TextFieldLimits.Shown(rawTime)} is not 'yyyy-MM-dd HH:mm:ss' (a spreadsheet may have re-saved it as an ambiguous day/month date without seconds)");
        }
        else
        {
            time = new DateTimeOffset(DateTime.SpecifyKind(parsedTime, DateTimeKind.Utc));
        }

        string card = Trimmed(c.CardNumber);
        string? cardProblem = CardNumberProblem(card);
        if (cardProblem is not null)
        {
            Append(problems, cardProblem);
        }

        ReadOnlySpan<char> rawAmount = Span(c.Amount).Trim();
        // No thousands separators: a spreadsheet in a decimal-comma locale writes 12.50 as "12,50", which
        // NumberStyles.Number would read as 1250.
        if (!decimal.TryParse(rawAmount, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal amount))
        {
            Append(problems, $"amt {TextFieldLimits.Shown(rawAmount)} is not a decimal number" +
                (rawAmount.Contains(',') ? " (digits with a '.' decimal point expected: a spreadsheet may have written a decimal comma or thousands separators)" : ""));
        }

        string merchant = Trimmed(c.Merchant, MerchantPrefix);

        if (merchant.Length == 0)
        {
            Append(problems, "merchant is empty");
        }

        string transactionId = Text(c.TransNum).Trim();
        if (transactionId.Length == 0)
        {
            Append(problems, "trans_num (the transaction id) is empty");
        }

        bool? isFraud = null;
        ReadOnlySpan<char> rawFraud = Span(c.IsFraud).Trim();
        if (rawFraud.SequenceEqual("1"))
        {
            isFraud = true;
        }
        else if (rawFraud.SequenceEqual("0"))
        {
            isFraud = false;
        }
        else if (!rawFraud.IsEmpty)
        {
            Append(problems, $"is_fraud {TextFieldLimits.Shown(rawFraud)} is not 0 or 1");
        }

        GeoPoint? home = ReadPoint(line, fields, c.Lat, c.Long, "lat/long", problems);
        GeoPoint? merchantLocation = ReadPoint(line, fields, c.MerchLat, c.MerchLong, "merch_lat/merch_long", problems);

        DateOnly? dob = null;
        ReadOnlySpan<char> rawDob = Span(c.Dob).Trim();
        if (!rawDob.IsEmpty)
        {
            if (FixedDateText.TryParseDate(rawDob, out DateOnly parsedDob) || DateOnly.TryParseExact(rawDob, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out parsedDob))
            {
                dob = parsedDob;
            }
            else
            {
                // The value is personal data: name the problem, not the value.
                Append(problems, "dob is not 'yyyy-MM-dd'");
            }
        }

        int? cityPop = null;
        ReadOnlySpan<char> rawPop = Span(c.CityPop).Trim();
        if (!rawPop.IsEmpty)
        {
            if (int.TryParse(rawPop, NumberStyles.Integer, CultureInfo.InvariantCulture, out int pop))
            {
                cityPop = pop;
            }
            else
            {
                Append(problems, $"city_pop {TextFieldLimits.Shown(rawPop)} is not a whole number");
            }
        }

        // Equal to what Pooled gives: a field with the same characters (empty when null). A quoted field
        // counts only without quotes inside (its text is then its span): jobs with commas are quoted.
        bool Same(int column, string? held)
        {
            if (column < 0)
            {
                return held is null;
            }

            ReadOnlySpan<char> span = fields[column].Span(line);
            return (!fields[column].Escaped || !span.Contains('"')) && span.SequenceEqual(held);
        }

        CustomerIdentity? last = customers.LastOf(card);
        CustomerIdentity customer;
        if (last is not null && SameBits(last.Home, home) && last.CityPopulation == cityPop && last.DateOfBirth == dob
            && Same(c.First, last.FirstName) && Same(c.Last, last.LastName) && Same(c.Gender, last.Gender) && Same(c.Street, last.Street)
            && Same(c.City, last.City) && Same(c.State, last.State) && Same(c.Zip, last.Zip) && Same(c.Job, last.Job))
        {
            customer = last;
        }
        else
        {
            customer = new CustomerIdentity
            {
                FirstName = NullIfEmpty(Pooled(c.First)),
                LastName = NullIfEmpty(Pooled(c.Last)),
                Gender = NullIfEmpty(Pooled(c.Gender)),
                Street = NullIfEmpty(Pooled(c.Street)),
                City = NullIfEmpty(Pooled(c.City)),
                State = NullIfEmpty(Pooled(c.State)),
                Zip = NullIfEmpty(Pooled(c.Zip)),
                Home = home,
                CityPopulation = cityPop,
                Job = NullIfEmpty(Pooled(c.Job)),
                DateOfBirth = dob,
            };
            customers.Remember(card, customer);
        }

        var transaction = new TransactionEvent
        {
            TransactionId = transactionId,
            EventTime = time,
            Amount = amount,
            Merchant = merchant,
            SourceCategory = NullIfEmpty(Trimmed(c.Category)),
            Source = TransactionSource.Sparkov,
            AccountId = card,
            IsFraud = isFraud,
            MerchantLocation = merchantLocation,
            Customer = customer,
        };
        if (TextFieldLimits.Problems(transaction) is { } textProblems)
        {
            Append(problems, textProblems);
        }

        return problems.Length > 0 ? Fail(line, lineNumber, problems.ToString()) : ReadOutcome.Ok(transaction);
    }

    /// <summary>Says what is wrong with a card number without repeating it (it is personal data).</summary>
    internal static string? CardNumberProblem(string card)
    {
        if (card.Length == 0)
        {
            return "cc_num is empty";
        }

        if (card.Contains('E', StringComparison.OrdinalIgnoreCase) && double.TryParse(card, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            return "cc_num is in scientific notation: the card number lost its digits (the file went through a spreadsheet), so the row cannot be tied to its card";
        }

        foreach (char ch in card)
        {
            if (!char.IsAsciiDigit(ch))
            {
                return "cc_num is not a card number (digits only expected)";
            }
        }

        // ISO/IEC 7812 card numbers have 8 to 19 digits (Sparkov makes some with 11).
        return card.Length is < 8 or > 19 ? $"cc_num has {card.Length} digits; card numbers have 8 to 19" : null;
    }

    private static GeoPoint? ReadPoint(string line, List<CsvField> fields, int latColumn, int lonColumn, string name, StringBuilder problems)
    {
        if (latColumn < 0 || lonColumn < 0)
        {
            return null;
        }

        ReadOnlySpan<char> lat = fields[latColumn].Span(line).Trim();
        ReadOnlySpan<char> lon = fields[lonColumn].Span(line).Trim();
        if (lat.IsEmpty && lon.IsEmpty)
        {
            return null;
        }

        if (double.TryParse(lat, NumberStyles.Float, CultureInfo.InvariantCulture, out double la)
            && double.TryParse(lon, NumberStyles.Float, CultureInfo.InvariantCulture, out double lo)
            && la is >= -90 and <= 90 && lo is >= -180 and <= 180)
        {
            return new GeoPoint(la, lo);
        }

        Append(problems, $"{name} is not a valid coordinate pair");
        return null;
    }

    private ReadOutcome Fail(string line, long lineNumber, string reason) =>
        ReadOutcome.Failed(new DeadLetter(_origin, $"line {lineNumber.ToString(CultureInfo.InvariantCulture)}", "read", reason, TextFieldLimits.Payload(line)));

    private static void Append(StringBuilder problems, string problem)
    {
        if (problems.Length > 0)
        {
            problems.Append("; ");
        }

        problems.Append(problem);
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    // Bit for bit (a point's == takes -0 for 0, which would be written differently).
    private static bool SameBits(GeoPoint? a, GeoPoint? b) => a is { } x && b is { } y
        ? BitConverter.DoubleToInt64Bits(x.Lat) == BitConverter.DoubleToInt64Bits(y.Lat) && BitConverter.DoubleToInt64Bits(x.Lon) == BitConverter.DoubleToInt64Bits(y.Lon)
        : a is null && b is null;
}
