using System.Text.Json;
using StreamGuard.Core.Model;
using StreamGuard.Core.Serialization;

namespace StreamGuard.Producer.Output;

/// <summary>Where the producer puts input rows it cannot read: one JSON line each, with the reason.</summary>
internal sealed class DeadLetterFile : IDisposable
{
    private readonly string _path;
    private StreamWriter? _writer;

    public DeadLetterFile(string path) => _path = path;

    public long Count { get; private set; }

    public string Path => _path;

    public void Add(DeadLetter deadLetter)
    {
        if (_writer is null)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(_path))!);
            _writer = new StreamWriter(_path, append: true);
        }

        _writer.WriteLine(JsonSerializer.Serialize(deadLetter, CoreJsonContext.Default.DeadLetter));
        Count++;
    }

    public void Dispose() => _writer?.Dispose();
}
