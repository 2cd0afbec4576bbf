namespace StreamGuard.Insight.Categorization;

/// <summary>
/// Multinomial naive Bayes over hashed character n-grams (and whole words) of normalised merchant
/// text, learning online from labelled transactions. Confidence is the posterior of the best
/// category after tempering: overlapping n-grams are far from independent, and the raw naive Bayes
/// posterior would be near 1 for almost everything.
/// Not thread-safe: one stage task owns it.
/// </summary>
public sealed partial class MerchantCategorizer
{
    private const int MaxFeatures = 1024;
    private const int LogTableSize = 1024;

    private readonly MerchantCategorizerOptions _options;
    private readonly int _buckets;
    private readonly int _stride;
    private readonly float[] _counts;
    private readonly double[] _classTotals;
    private readonly long[] _classDocs;
    private readonly List<string> _classes = [];
    private readonly Dictionary<string, int> _classIndex = new(StringComparer.Ordinal);
    private readonly double[] _logSmoothed = new double[LogTableSize];
    private readonly double _smoothing;
    private long _documents;

    public MerchantCategorizer(MerchantCategorizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _buckets = 1 << options.FeatureBits;
        _stride = options.MaxCategories;
        _counts = new float[_buckets * _stride];
        _classTotals = new double[_stride];
        _classDocs = new long[_stride];
        _smoothing = options.Smoothing;
        for (int i = 0; i < LogTableSize; i++)
        {
            _logSmoothed[i] = Math.Log(i + _smoothing);
        }
    }

    /// <summary>Labelled examples learned so far.</summary>
    public long TrainingExamples => _documents;

    /// <summary>Labels not learned because <see cref="MerchantCategorizerOptions.MaxCategories"/> was reached.</summary>
    public long Unlearnable { get; private set; }

    public IReadOnlyList<string> Categories => _classes;

    /// <summary>Learns that <paramref name="merchant"/> belongs to <paramref name="category"/>.</summary>
    public bool Learn(ReadOnlySpan<char> merchant, string category)
    {
        int c = ClassOf(category);
        if (c < 0)
        {
            Unlearnable++;
            return false;
        }

        Span<int> features = stackalloc int[MaxFeatures];
        int n = Features(merchant, features);
        if (n == 0)
        {
            return false;
        }

        foreach (int f in features[..n])
        {
            _counts[(f * _stride) + c] += 1f;
        }

        RowsChanged(features[..n]);

        _classTotals[c] += n;
        _classDocs[c]++;
        _documents++;
        return true;
    }

    /// <summary>The most likely category of <paramref name="merchant"/> and the confidence in it.</summary>
    public CategoryPrediction Predict(ReadOnlySpan<char> merchant)
    {
        int k = _classes.Count;
        if (k == 0)
        {
            return default;
        }

        Span<int> features = stackalloc int[MaxFeatures];
        int n = Features(merchant, features);
        if (n == 0)
        {
            return default;
        }

        Span<double> scores = stackalloc double[k];
        double logDocs = Math.Log(_documents + k);
        for (int c = 0; c < k; c++)
        {
            scores[c] = Math.Log(_classDocs[c] + 1) - logDocs - (n * Math.Log(_classTotals[c] + (_smoothing * _buckets)));
        }

        foreach (int f in features[..n])
        {
            int row = f * _stride;
            for (int c = 0; c < k; c++)
            {
                float count = _counts[row + c];
                scores[c] += count < LogTableSize ? _logSmoothed[(int)count] : Math.Log(count + _smoothing);
            }
        }

        int best = 0;
        for (int c = 1; c < k; c++)
        {
            if (scores[c] > scores[best])
            {
                best = c;
            }
        }

        double temperature = 1 + (n / 4.0);
        double sum = 0;
        for (int c = 0; c < k; c++)
        {
            sum += Math.Exp((scores[c] - scores[best]) / temperature);
        }

        return new CategoryPrediction(_classes[best], 1 / sum);
    }

    private int ClassOf(string category)
    {
        if (_classIndex.TryGetValue(category, out int c))
        {
            return c;
        }

        if (_classes.Count >= _stride)
        {
            return -1;
        }

        c = _classes.Count;
        _classes.Add(category);
        _classIndex[category] = c;
        return c;
    }

    // Character n-grams of " TEXT " (so word starts and ends are features of their own) plus whole words.
    private int Features(ReadOnlySpan<char> merchant, Span<int> features)
    {
        Span<char> text = stackalloc char[MerchantTextNormalizer.MaxLength + 2];
        int length = MerchantTextNormalizer.Normalize(merchant, text[1..^1]);
        if (length == 0)
        {
            return 0;
        }

        text[0] = ' ';
        text[length + 1] = ' ';
        text = text[..(length + 2)];
        int mask = _buckets - 1;
        int count = 0;
        for (int size = _options.MinNGram; size <= _options.MaxNGram; size++)
        {
            for (int start = 0; start + size <= text.Length && count < features.Length; start++)
            {
                features[count++] = (int)(Hash(text.Slice(start, size), (uint)size) & (uint)mask);
            }
        }

        int wordStart = 1;
        for (int i = 1; i < text.Length && count < features.Length; i++)
        {
            if (text[i] == ' ')
            {
                features[count++] = (int)(Hash(text[wordStart..i], 0x9E3779B9u) & (uint)mask);
                wordStart = i + 1;
            }
        }

        return count;
    }

    private static uint Hash(ReadOnlySpan<char> chars, uint seed)
    {
        uint hash = 2166136261u ^ seed;
        foreach (char ch in chars)
        {
            hash = (hash ^ ch) * 16777619u;
        }

        return hash ^ (hash >> 15);
    }
}
