using StreamGuard.Core.Model;
using StreamGuard.Core.Streaming;

namespace StreamGuard.Pipeline;

/// <summary>
/// One stream record on its way through the stages. Each stage fills in its part; a record that
/// fails a stage carries a <see cref="DeadLetter"/> and the later stages pass it by.
/// </summary>
public sealed class PipelineItem
{
    public PipelineItem(StreamRecord record) => Record = record;

    public StreamRecord Record { get; }

    /// <summary>The decoded event with raw personal data; cleared by the anonymise stage.</summary>
    public TransactionEvent? Event { get; set; }

    /// <summary>Features derived from raw values, held in memory only and never stored.</summary>
    public RawFeatures Features { get; set; }

    /// <summary>The privacy-safe record every sink receives.</summary>
    public EnrichedTransaction? Output { get; set; }

    /// <summary>The output as UTF-8 JSON, encoded once by the encode stage for every sink.</summary>
    public ReadOnlyMemory<byte> OutputJson { get; set; }

    public DeadLetter? DeadLetter { get; set; }

    public bool IsLive => DeadLetter is null && Output is not null;
}

/// <summary>Values computed from personal data before it is dropped (in memory only).</summary>
public readonly record struct RawFeatures(double? DistanceFromHomeKm, int? AgeYears, GeoPoint? Home, int? CityPopulation = null);
