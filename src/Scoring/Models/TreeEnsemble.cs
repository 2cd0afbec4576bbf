namespace StreamGuard.Scoring.Models;

/// <summary>
/// Gradient-boosted regression trees in flat arrays: the trained ML.NET ensemble copied into a form
/// that predicts in about a microsecond without allocating, can be written into a checkpoint, and is
/// immutable, so a scorer thread and a training thread can share it without locks. A node goes left
/// when its feature is at or below the threshold (ML.NET's rule); a negative child is ~leaf.
/// </summary>
internal sealed class TreeEnsemble
{
    private readonly int[] _nodeStart;
    private readonly int[] _leafStart;
    private readonly int[] _feature;
    private readonly float[] _threshold;
    private readonly int[] _left;
    private readonly int[] _right;
    private readonly double[] _leaf;
    private readonly double[] _weight;
    // Mean leaf value under each node: the baseline from which a split's contribution is measured.
    private readonly double[] _nodeValue;

    public TreeEnsemble(double bias, IReadOnlyList<Tree> trees)
    {
        ArgumentNullException.ThrowIfNull(trees);
        Bias = bias;
        _nodeStart = new int[trees.Count + 1];
        _leafStart = new int[trees.Count + 1];
        _weight = new double[trees.Count];
        for (int t = 0; t < trees.Count; t++)
        {
            _nodeStart[t + 1] = _nodeStart[t] + trees[t].Feature.Length;
            _leafStart[t + 1] = _leafStart[t] + trees[t].Leaf.Length;
            _weight[t] = trees[t].Weight;
        }

        _feature = new int[_nodeStart[^1]];
        _threshold = new float[_nodeStart[^1]];
        _left = new int[_nodeStart[^1]];
        _right = new int[_nodeStart[^1]];
        _leaf = new double[_leafStart[^1]];
        _nodeValue = new double[_nodeStart[^1]];
        for (int t = 0; t < trees.Count; t++)
        {
            Tree tree = trees[t];
            if (tree.Leaf.Length != tree.Feature.Length + 1 || tree.Left.Length != tree.Feature.Length || tree.Right.Length != tree.Feature.Length || tree.Threshold.Length != tree.Feature.Length)
            {
                throw new InvalidDataException($"Tree {t} is malformed: {tree.Feature.Length} splits need {tree.Feature.Length + 1} leaves.");
            }

            for (int i = 0; i < tree.Feature.Length; i++)
            {
                // Children come after their parent and leaves exist, so every walk ends.
                if (!ValidChild(tree.Left[i], i, tree) || !ValidChild(tree.Right[i], i, tree) || tree.Feature[i] < 0)
                {
                    throw new InvalidDataException($"Tree {t} node {i} points outside the tree.");
                }
            }

            tree.Feature.CopyTo(_feature, _nodeStart[t]);
            tree.Threshold.CopyTo(_threshold, _nodeStart[t]);
            tree.Left.CopyTo(_left, _nodeStart[t]);
            tree.Right.CopyTo(_right, _nodeStart[t]);
            tree.Leaf.CopyTo(_leaf, _leafStart[t]);
            if (tree.Feature.Length > 0)
            {
                MeanUnder(t, 0);
            }
        }
    }

    private static bool ValidChild(int child, int parent, Tree tree) =>
        child < 0 ? ~child < tree.Leaf.Length : child > parent && child < tree.Feature.Length;

    public double Bias { get; }

    public int TreeCount => _weight.Length;

    public int MaxFeature => _feature.Length == 0 ? -1 : _feature.Max();

    /// <summary>The raw ensemble output (log-odds before calibration).</summary>
    public double Predict(ReadOnlySpan<float> features)
    {
        double sum = Bias;
        for (int t = 0; t < _weight.Length; t++)
        {
            sum += _weight[t] * _leaf[_leafStart[t] + Leaf(t, features)];
        }

        return sum;
    }

    /// <summary>
    /// Adds each feature's share of the raw output to <paramref name="contributions"/>: along the path
    /// every split moves the expected value from its node's mean to its child's, and that move is
    /// credited to the split's feature (Saabas' method).
    /// </summary>
    public void Contributions(ReadOnlySpan<float> features, Span<double> contributions)
    {
        for (int t = 0; t < _weight.Length; t++)
        {
            int offset = _nodeStart[t];
            if (_nodeStart[t + 1] == offset)
            {
                continue;
            }

            int node = 0;
            while (true)
            {
                int at = offset + node;
                int next = features[_feature[at]] <= _threshold[at] ? _left[at] : _right[at];
                double value = next < 0 ? _leaf[_leafStart[t] + ~next] : _nodeValue[offset + next];
                contributions[_feature[at]] += _weight[t] * (value - _nodeValue[at]);
                if (next < 0)
                {
                    break;
                }

                node = next;
            }
        }
    }

    private int Leaf(int t, ReadOnlySpan<float> features)
    {
        int offset = _nodeStart[t];
        if (_nodeStart[t + 1] == offset)
        {
            return 0;
        }

        int node = 0;
        while (true)
        {
            int at = offset + node;
            node = features[_feature[at]] <= _threshold[at] ? _left[at] : _right[at];
            if (node < 0)
            {
                return ~node;
            }
        }
    }

    private (double Sum, int Leaves) MeanUnder(int t, int node)
    {
        int at = _nodeStart[t] + node;
        var (ls, ln) = _left[at] < 0 ? (_leaf[_leafStart[t] + ~_left[at]], 1) : MeanUnder(t, _left[at]);
        var (rs, rn) = _right[at] < 0 ? (_leaf[_leafStart[t] + ~_right[at]], 1) : MeanUnder(t, _right[at]);
        _nodeValue[at] = (ls + rs) / (ln + rn);
        return (ls + rs, ln + rn);
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(Bias);
        writer.Write(_weight.Length);
        for (int t = 0; t < _weight.Length; t++)
        {
            writer.Write(_weight[t]);
            int nodes = _nodeStart[t + 1] - _nodeStart[t];
            writer.Write(nodes);
            for (int i = _nodeStart[t]; i < _nodeStart[t + 1]; i++)
            {
                writer.Write(_feature[i]);
                writer.Write(_threshold[i]);
                writer.Write(_left[i]);
                writer.Write(_right[i]);
            }

            for (int i = _leafStart[t]; i < _leafStart[t + 1]; i++)
            {
                writer.Write(_leaf[i]);
            }
        }
    }

    public static TreeEnsemble Read(BinaryReader reader)
    {
        double bias = reader.ReadDouble();
        int count = reader.ReadInt32();
        if (count is < 0 or > 100_000)
        {
            throw new InvalidDataException($"A model with {count} trees is not plausible.");
        }

        var trees = new Tree[count];
        for (int t = 0; t < count; t++)
        {
            double weight = reader.ReadDouble();
            int nodes = reader.ReadInt32();
            if (nodes is < 0 or > 1_000_000)
            {
                throw new InvalidDataException($"A tree with {nodes} splits is not plausible.");
            }

            var tree = new Tree(new int[nodes], new float[nodes], new int[nodes], new int[nodes], new double[nodes + 1], weight);
            for (int i = 0; i < nodes; i++)
            {
                tree.Feature[i] = reader.ReadInt32();
                tree.Threshold[i] = reader.ReadSingle();
                tree.Left[i] = reader.ReadInt32();
                tree.Right[i] = reader.ReadInt32();
            }

            for (int i = 0; i <= nodes; i++)
            {
                tree.Leaf[i] = reader.ReadDouble();
            }

            trees[t] = tree;
        }

        return new TreeEnsemble(bias, trees);
    }

    /// <summary>One tree: per split node its feature, threshold and children; then the leaf values.</summary>
    internal sealed record Tree(int[] Feature, float[] Threshold, int[] Left, int[] Right, double[] Leaf, double Weight);
}
