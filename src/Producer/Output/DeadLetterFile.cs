using System.Text.Json;
using StreamGuard.Core.Model;

namespace StreamGuard.Producer.Output;

/// <summary>
/// Where the producer puts input rows it cannot read: one JSON line each with the origin, the
/// position (line number) and the reason, never the row itself (it holds names, streets and birth
/// dates). Created owner-only (0600), in an owner-only folder when it has to create one.
/// </summary>
internal sealed class DeadLetterFile : IDisposable
{
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyFolder = OwnerOnlyFile | UnixFileMode.UserExecute;
    private readonly string _path;
    private FileStream? _file;
    private Utf8JsonWriter? _writer;

    public DeadLetterFile(string path) => _path = path;

    public long Count { get; private set; }

    public string Path => _path;

    public void Add(DeadLetter deadLetter)
    {
        if (_file is null)
        {
            Open();
        }

        _writer!.Reset(_file!);
        _writer.WriteStartObject();
        _writer.WriteString("origin", deadLetter.Origin);
        _writer.WriteString("position", deadLetter.Position);
        _writer.WriteString("stage", deadLetter.Stage);
        _writer.WriteString("reason", deadLetter.Reason);
        _writer.WriteEndObject();
        _writer.Flush();
        _file!.WriteByte((byte)'\n');
        Count++;
    }

    private void Open()
    {
        string full = System.IO.Path.GetFullPath(_path);
        string folder = System.IO.Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(folder);
            }
            else
            {
                Directory.CreateDirectory(folder, OwnerOnlyFolder);
            }
        }

        var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.Read };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        _file = new FileStream(full, options);
        if (!OperatingSystem.IsWindows())
        {
            // An existing file keeps its mode on open: tighten it too.
            File.SetUnixFileMode(_file.SafeFileHandle, OwnerOnlyFile);
        }

        _writer = new Utf8JsonWriter(_file);
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _file?.Dispose();
    }
}
