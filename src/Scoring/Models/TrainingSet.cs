namespace StreamGuard.Scoring.Models;

/// <summary>Labelled rows of <see cref="ModelFeatures"/> with their event times, as the trainer takes them.</summary>
internal sealed class TrainingSet
{
    private readonly List<float> _features = [];
    private readonly List<bool> _labels = [];
    private readonly List<long> _ticks = [];
    private readonly List<float> _weights = [];

    public int Count => _labels.Count;

    public long Frauds { get; private set; }

    /// <param name="row">The features.</param>
    /// <param name="label">Fraud or not.</param>
    /// <param name="ticks">Event time.</param>
    /// <param name="weight">How many transactions the row stands for (1 / sampling rate for sampled non-frauds).</param>
    public void Add(in ModelRow row, bool label, long ticks, float weight = 1)
    {
        for (int i = 0; i < ModelFeatures.Count; i++)
        {
            _features.Add(row[i]);
        }

        _labels.Add(label);
        _ticks.Add(ticks);
        _weights.Add(weight);
        Frauds += label ? 1 : 0;
    }

    public ReadOnlySpan<float> Row(int index) => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_features).Slice(index * ModelFeatures.Count, ModelFeatures.Count);

    public bool Label(int index) => _labels[index];

    public long Ticks(int index) => _ticks[index];

    public float Weight(int index) => _weights[index];
}
