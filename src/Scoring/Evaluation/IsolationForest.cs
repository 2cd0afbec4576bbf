namespace StreamGuard.Scoring.Evaluation;

/// <summary>
/// A batch Isolation Forest (Liu, Ting and Zhou, 2008), the baseline `evaluate` reports next to
/// ranking by amount. Hand-written because ML.NET 5 has no isolation forest (its anomaly trainers
/// are randomized PCA and time-series spike detection) and the NuGet registry here serves no
/// maintained package for one; it is small, seeded, and only used to measure against.
/// </summary>
internal sealed class IsolationForest
{
    private const double EulerGamma = 0.5772156649015329;

    private readonly Node[][] _trees;
    private readonly double _normaliser;

    private IsolationForest(Node[][] trees, int sampleSize)
    {
        _trees = trees;
        _normaliser = AveragePathLength(sampleSize);
    }

    /// <summary>Grows <paramref name="treeCount"/> trees, each on its own random subsample of the rows.</summary>
    public static IsolationForest Fit(IReadOnlyList<double[]> rows, int treeCount = 100, int sampleSize = 256, ulong seed = 4)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            throw new ArgumentException("An isolation forest needs at least one row.", nameof(rows));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(treeCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleSize, 2);
        int size = Math.Min(sampleSize, rows.Count);
        int heightLimit = (int)Math.Ceiling(Math.Log2(size));
        var random = new SplitMix64(seed);
        var trees = new Node[treeCount][];
        int[] sample = new int[size];
        for (int t = 0; t < treeCount; t++)
        {
            // Sampling without replacement (partial Fisher-Yates over indexes drawn lazily).
            var taken = new Dictionary<int, int>();
            for (int i = 0; i < size; i++)
            {
                int j = i + random.NextInt(rows.Count - i);
                int atJ = taken.TryGetValue(j, out int vj) ? vj : j;
                int atI = taken.TryGetValue(i, out int vi) ? vi : i;
                taken[j] = atI;
                sample[i] = atJ;
            }

            var nodes = new List<Node>();
            Grow(rows, sample, 0, size, 0, heightLimit, nodes, ref random);
            trees[t] = [.. nodes];
        }

        return new IsolationForest(trees, size);
    }

    /// <summary>The anomaly score in (0, 1): near 1 is isolated quickly (odd), about 0.5 or less is ordinary.</summary>
    public double Score(ReadOnlySpan<double> row)
    {
        double total = 0;
        foreach (Node[] tree in _trees)
        {
            total += PathLength(tree, row);
        }

        return Math.Pow(2, -(total / _trees.Length) / _normaliser);
    }

    private static double PathLength(Node[] tree, ReadOnlySpan<double> row)
    {
        int index = 0;
        int depth = 0;
        while (true)
        {
            Node node = tree[index];
            if (node.Feature < 0)
            {
                return depth + AveragePathLength(node.Size);
            }

            index = row[node.Feature] < node.Split ? node.Left : node.Right;
            depth++;
        }
    }

    private static int Grow(IReadOnlyList<double[]> rows, int[] sample, int start, int end, int depth, int heightLimit, List<Node> nodes, ref SplitMix64 random)
    {
        int self = nodes.Count;
        nodes.Add(new Node(-1, 0, -1, -1, end - start));
        if (end - start <= 1 || depth >= heightLimit)
        {
            return self;
        }

        int features = rows[sample[start]].Length;
        // A feature that is constant in this node cannot split it; try the others in a random order.
        int first = random.NextInt(features);
        for (int k = 0; k < features; k++)
        {
            int feature = (first + k) % features;
            double min = double.MaxValue;
            double max = double.MinValue;
            for (int i = start; i < end; i++)
            {
                double v = rows[sample[i]][feature];
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }

            if (max <= min)
            {
                continue;
            }

            double split = min + (random.NextDouble() * (max - min));
            int middle = start;
            for (int i = start; i < end; i++)
            {
                if (rows[sample[i]][feature] < split)
                {
                    (sample[i], sample[middle]) = (sample[middle], sample[i]);
                    middle++;
                }
            }

            int left = Grow(rows, sample, start, middle, depth + 1, heightLimit, nodes, ref random);
            int right = Grow(rows, sample, middle, end, depth + 1, heightLimit, nodes, ref random);
            nodes[self] = new Node(feature, split, left, right, end - start);
            return self;
        }

        return self;
    }

    /// <summary>c(n): the average path length of an unsuccessful search in a binary search tree of n items.</summary>
    internal static double AveragePathLength(int n) =>
        n <= 1 ? 0 : n == 2 ? 1 : (2 * (Math.Log(n - 1) + EulerGamma)) - (2.0 * (n - 1) / n);

    private readonly record struct Node(int Feature, double Split, int Left, int Right, int Size);
}
