using System.Buffers;
using System.Text.RegularExpressions;

namespace StreamGuard.Tests.Shared.Privacy;

/// <summary>Searches outputs for the canary values and for any Luhn-valid 13-19 digit number (a full card number).</summary>
internal sealed partial class CanaryScanner
{
    private readonly SearchValues<string> _canaries;

    public CanaryScanner(CanaryDataSet data) => _canaries = SearchValues.Create(data.Values().ToArray(), StringComparison.OrdinalIgnoreCase);

    /// <summary>How many outputs were scanned, and how many characters: proof the scan saw something.</summary>
    public int Scanned { get; private set; }

    public long Characters { get; private set; }

    // Fractional digits of a double (".0046369331190864675") are not card numbers.
    [GeneratedRegex(@"(?<![0-9A-Za-z.])[0-9]{13,19}(?![0-9A-Za-z])")]
    private static partial Regex LongDigitRun();

    /// <summary>Fails the test, naming the output, if <paramref name="text"/> holds a canary or a full card number.</summary>
    public void AssertClean(string name, string text)
    {
        Scanned++;
        Characters += text.Length;
        int at = text.AsSpan().IndexOfAny(_canaries);
        Assert.True(at < 0, $"a canary found in {name}: '{(at < 0 ? "" : text.Substring(at, Math.Min(40, text.Length - at)))}'");

        string[] cardLike = LongDigitRun().Matches(text).Select(m => m.Value).Where(CanaryDataSet.IsLuhnValid).ToArray();
        Assert.True(cardLike.Length == 0, $"card-like numbers in {name}: {string.Join(", ", cardLike.Take(5))}");
    }
}
