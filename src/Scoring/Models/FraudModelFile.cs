using System.IO.Compression;
using System.Text.Json;

namespace StreamGuard.Scoring.Models;

/// <summary>
/// The model file `train` writes and `StreamGuard:Scoring:ModelPath` loads: one zip holding the
/// compact ensemble the scorer runs (model.bin), a readable description (model.json: version,
/// feature schema and names, what it was trained on, validation figures) and the ML.NET model it was
/// copied from (mlnet-model.zip, loadable with MLContext.Model.Load).
/// </summary>
public static class FraudModelFile
{
    private const string BinaryEntry = "model.bin";
    private const string DescriptionEntry = "model.json";
    private const string MlNetEntry = "mlnet-model.zip";
    private const int Magic = 0x53474D44; // "SGMD"

    /// <summary>Writes the model atomically: a reader never sees half a file.</summary>
    internal static void Save(string path, FraudModel model, byte[]? mlNetModel)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temporary = full + ".tmp-" + Environment.ProcessId;
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
        {
            using (var writer = new BinaryWriter(zip.CreateEntry(BinaryEntry).Open()))
            {
                writer.Write(Magic);
                model.Write(writer);
            }

            using (Stream json = zip.CreateEntry(DescriptionEntry).Open())
            {
                WriteDescription(json, model.Info);
            }

            if (mlNetModel is not null)
            {
                using Stream ml = zip.CreateEntry(MlNetEntry, CompressionLevel.NoCompression).Open();
                ml.Write(mlNetModel);
            }
        }

        File.Move(temporary, full, overwrite: true);
    }

    /// <summary>Reads a model file; a missing, foreign or incompatible file is an error naming the path.</summary>
    public static FraudModel Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"Model file '{path}' does not exist.");
        }

        try
        {
            using ZipArchive zip = ZipFile.OpenRead(path);
            ZipArchiveEntry entry = zip.GetEntry(BinaryEntry) ?? throw new InvalidDataException($"'{path}' is not a StreamGuard model (no {BinaryEntry}).");
            using var reader = new BinaryReader(entry.Open());
            if (reader.ReadInt32() != Magic)
            {
                throw new InvalidDataException($"'{path}' is not a StreamGuard model (wrong magic number).");
            }

            return FraudModel.Read(reader);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw new InvalidDataException($"Model file '{path}': {e.Message}", e);
        }
    }

    private static void WriteDescription(Stream stream, FraudModelInfo info)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("model_version", info.Version);
        json.WriteString("algorithm", "ML.NET LightGBM binary (gradient-boosted trees), Platt-calibrated");
        json.WriteNumber("feature_schema_version", ModelFeatures.SchemaVersion);
        json.WriteStartArray("features");
        foreach (string name in ModelFeatures.Names)
        {
            json.WriteStringValue(name);
        }

        json.WriteEndArray();
        json.WriteString("trained_at", info.TrainedAt);
        json.WriteString("trained_on", info.TrainedOn);
        json.WriteNumber("rows", info.Rows);
        json.WriteNumber("frauds", info.Frauds);
        json.WriteString("data_from", info.DataFrom);
        json.WriteString("data_until", info.DataUntil);
        json.WriteString("validation_from", info.ValidationFrom);
        json.WriteNumber("validation_rows", info.ValidationRows);
        json.WriteNumber("validation_frauds", info.ValidationFrauds);
        WriteNumber(json, "validation_pr_auc", info.ValidationPrAuc);
        WriteNumber(json, "validation_roc_auc", info.ValidationRocAuc);
        json.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsNaN(value))
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteNumber(name, value);
        }
    }
}
