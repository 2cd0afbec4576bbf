using System.Buffers;
using System.Text.Json;

namespace StreamGuard.Privacy.Differential;

/// <summary>The ledger's line format (one JSON entry per line), shared by every ledger store.</summary>
public static class PrivacyLedgerLines
{
    public static byte[] Format(IReadOnlyList<PrivacyLedgerEntry> entries)
    {
        var buffer = new ArrayBufferWriter<byte>(512 * Math.Max(1, entries.Count));
        using var writer = new Utf8JsonWriter(buffer);
        foreach (PrivacyLedgerEntry entry in entries)
        {
            JsonSerializer.Serialize(writer, entry, PrivacyJsonContext.Default.PrivacyLedgerEntry);
            writer.Flush();
            writer.Reset();
            buffer.Write("\n"u8);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Parses one line; <paramref name="where"/> names it in the error.</summary>
    public static PrivacyLedgerEntry Parse(string line, string where)
    {
        try
        {
            return JsonSerializer.Deserialize(line, PrivacyJsonContext.Default.PrivacyLedgerEntry) ?? throw new JsonException("null entry");
        }
        catch (JsonException e)
        {
            // The ledger is the budget's only record: refuse to start rather than forget spending.
            throw new InvalidOperationException($"The privacy-budget ledger {where} is unreadable; fix or move it.", e);
        }
    }
}
