namespace StreamGuard.Processor.Tests.Telemetry;

/// <summary>
/// Tests that export the process's meters by name. Other tests' pipelines add to meters of the same
/// names (a listener sees every meter called "StreamGuard.Processor"), so these run alone, after the
/// parallel tests, and their counts are exactly their own.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeterListeningCollection
{
    public const string Name = "Meter listening";
}
