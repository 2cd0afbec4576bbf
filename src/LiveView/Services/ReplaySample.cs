using StreamGuard.Core;
using StreamGuard.Core.Ingestion;
using StreamGuard.Core.Model;
using StreamGuard.Core.Replay;

namespace StreamGuard.LiveView.Services;

/// <summary>The sample replayed in a loop, read once before the app starts so a bad file stops it with one line.</summary>
public sealed class ReplaySample
{
    private ReplaySample(string path, List<TransactionEvent> events, List<DeadLetter> deadLetters)
    {
        Path = path;
        Events = events;
        DeadLetters = deadLetters;
    }

    public string Path { get; }

    public List<TransactionEvent> Events { get; }

    public List<DeadLetter> DeadLetters { get; }

    /// <exception cref="UserErrorException">The file cannot be read, is binary (exit 2), or has no readable row (exit 3).</exception>
    public static ReplaySample Load(string path)
    {
        if (Directory.Exists(path))
        {
            throw new UserErrorException($"LiveView:SampleFile '{path}' is a folder, not a Sparkov CSV or Plaid JSON file.");
        }

        if (!File.Exists(path))
        {
            throw new UserErrorException($"LiveView:SampleFile '{path}' does not exist.");
        }

        try
        {
            if (LooksBinary(path))
            {
                throw new UserErrorException($"LiveView:SampleFile '{path}' is not a text file: give a Sparkov CSV or a Plaid JSON file.");
            }

            var deadLetters = new List<DeadLetter>();
            List<TransactionEvent> events = ReplayOrdering.ByEventTime(TransactionFileReader.Read(path), deadLetters.Add);
            return events.Count > 0
                ? new ReplaySample(path, events, deadLetters)
                : throw new UserErrorException($"LiveView:SampleFile '{path}' has no readable transaction ({deadLetters.Count} rows rejected).", 3);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InputFormatException or System.Text.Json.JsonException or FormatException or InvalidDataException)
        {
            throw new UserErrorException($"LiveView:SampleFile '{path}' could not be read: {FirstLine(e.Message)}", e);
        }
    }

    private static bool LooksBinary(string path)
    {
        Span<byte> head = stackalloc byte[8192];
        using FileStream stream = File.OpenRead(path);
        int read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return head[..read].Contains((byte)0);
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
