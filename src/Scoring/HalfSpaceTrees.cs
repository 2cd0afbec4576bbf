namespace StreamGuard.Scoring;

/// <summary>
/// Streaming Half-Space Trees (Tan, Ting and Liu, 2011) over features scaled to [0, 1]. Each tree
/// cuts randomly perturbed work spaces in half; a point that lands in cells that held little mass in
/// the previous window is unusual. Mass is counted in the latest window and becomes the reference
/// when the window fills, so the model follows drift. Structure is fixed by the seed.
/// </summary>
internal sealed class HalfSpaceTrees
{
    private readonly int _trees;
    private readonly int _depth;
    private readonly int _dimensions;
    private readonly int _window;
    private readonly int _nodesPerTree;
    private readonly byte[] _splitDimension;
    private readonly float[] _splitValue;
    private readonly float[] _reference;
    private readonly float[] _latest;
    private readonly float _sizeLimit;
    private readonly double _normaliser;
    private int _inWindow;
    private bool _hasReference;

    public HalfSpaceTrees(int trees, int depth, int dimensions, int window, ulong seed)
    {
        _trees = trees;
        _depth = depth;
        _dimensions = dimensions;
        _window = window;
        _nodesPerTree = (1 << (depth + 1)) - 1;
        _splitDimension = new byte[trees * _nodesPerTree];
        _splitValue = new float[trees * _nodesPerTree];
        _reference = new float[trees * _nodesPerTree];
        _latest = new float[trees * _nodesPerTree];
        _sizeLimit = 0.1f * window;
        _normaliser = Math.Log2(1 + (window * Math.Pow(2, depth)));
        var random = new SplitMix64(seed);
        Span<double> min = stackalloc double[dimensions];
        Span<double> max = stackalloc double[dimensions];
        for (int t = 0; t < trees; t++)
        {
            for (int d = 0; d < dimensions; d++)
            {
                double s = random.NextDouble();
                double range = 2 * Math.Max(s, 1 - s);
                min[d] = s - range;
                max[d] = s + range;
            }

            Build(t * _nodesPerTree, 0, 0, min, max, ref random);
        }
    }

    public bool IsReady => _hasReference;

    private void Build(int treeBase, int node, int level, Span<double> min, Span<double> max, ref SplitMix64 random)
    {
        if (level == _depth)
        {
            return;
        }

        int dimension = random.NextInt(_dimensions);
        double mid = (min[dimension] + max[dimension]) / 2;
        _splitDimension[treeBase + node] = (byte)dimension;
        _splitValue[treeBase + node] = (float)mid;
        double oldMax = max[dimension];
        max[dimension] = mid;
        Build(treeBase, (2 * node) + 1, level + 1, min, max, ref random);
        max[dimension] = oldMax;
        double oldMin = min[dimension];
        min[dimension] = mid;
        Build(treeBase, (2 * node) + 2, level + 1, min, max, ref random);
        min[dimension] = oldMin;
    }

    /// <summary>Anomaly in [0, 1] (1 = isolated at the root in every tree), then counts the point.</summary>
    public double ScoreAndLearn(ReadOnlySpan<float> point)
    {
        double total = 0;
        for (int t = 0; t < _trees; t++)
        {
            int treeBase = t * _nodesPerTree;
            int node = 0;
            int level = 0;
            double score = -1;
            while (true)
            {
                int index = treeBase + node;
                float mass = _reference[index];
                _latest[index] += 1;
                if (score < 0 && (level == _depth || mass < _sizeLimit))
                {
                    score = mass * (double)(1 << level);
                }

                if (level == _depth)
                {
                    break;
                }

                node = point[_splitDimension[index]] < _splitValue[index] ? (2 * node) + 1 : (2 * node) + 2;
                level++;
            }

            total += Math.Log2(1 + score);
        }

        if (++_inWindow >= _window)
        {
            Array.Copy(_latest, _reference, _latest.Length);
            Array.Clear(_latest);
            _inWindow = 0;
            _hasReference = true;
        }

        return _hasReference ? Math.Clamp(1 - (total / _trees / _normaliser), 0, 1) : 0;
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(_inWindow);
        writer.Write(_hasReference);
        foreach (float value in _reference)
        {
            writer.Write(value);
        }

        foreach (float value in _latest)
        {
            writer.Write(value);
        }
    }

    public void Read(BinaryReader reader)
    {
        _inWindow = reader.ReadInt32();
        _hasReference = reader.ReadBoolean();
        for (int i = 0; i < _reference.Length; i++)
        {
            _reference[i] = reader.ReadSingle();
        }

        for (int i = 0; i < _latest.Length; i++)
        {
            _latest[i] = reader.ReadSingle();
        }
    }
}
