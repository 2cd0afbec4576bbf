using StreamGuard.Core.Model;
using StreamGuard.Producer.Output;

namespace StreamGuard.Producer.Tests.Output;

/// <summary>replay's dead-letter file: line numbers and reasons only, owner-only.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DeadLetterFileTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sg-dlfile-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Add_RowWithPersonalData_WritesPositionAndReasonOnlyOwnerOnly()
    {
        string path = Path.Combine(_dir, "deadletters", "replay.ndjson");
        using (var file = new DeadLetterFile(path))
        {
            file.Add(new DeadLetter("file:/in/a.csv#sha256=ab", "line 7", "read", "cc_num is not a card number (digits only expected)",
                "2024-01-01 00:00:00,4263x,Shop,grocery_pos,1.00,Jane,Doe,F,42 Elm Street,Springfield,IL,62701,1,1,1,Nurse,1975-02-03,t1"));
            Assert.Equal(1, file.Count);
        }

        string text = File.ReadAllText(path);
        Assert.Equal("""{"origin":"file:/in/a.csv#sha256=ab","position":"line 7","stage":"read","reason":"cc_num is not a card number (digits only expected)"}""" + "\n", text);
        Assert.DoesNotContain("Jane", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Elm", text, StringComparison.Ordinal);
        Assert.DoesNotContain("1975", text, StringComparison.Ordinal);
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(path));
        Assert.Equal(OwnerOnly | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void Add_ExistingWorldReadableFile_TightenedAndAppended()
    {
        Directory.CreateDirectory(_dir);
        string path = Path.Combine(_dir, "old.ndjson");
        File.WriteAllText(path, "{}\n");
        File.SetUnixFileMode(path, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        using (var file = new DeadLetterFile(path))
        {
            file.Add(new DeadLetter("o", "line 2", "read", "r", "payload"));
        }

        Assert.Equal(OwnerOnly, File.GetUnixFileMode(path));
        Assert.Equal(2, File.ReadAllLines(path).Length);
    }
}
