using System.Numerics;

namespace StreamGuard.Privacy.Differential;

/// <summary>
/// The binary-tree mechanism for continual counting (Chan, Shi and Song 2011; Dwork, Naor, Pitassi
/// and Rothblum 2010) over a vector of integer statistics, with a chosen height h: step t's exact
/// vector goes into the dyadic node it completes (nodes span 1, 2, ..., 2^(h-1) steps), each node
/// gets noise once when it completes, and the running total after t steps is the sum of the
/// completed top nodes and of the lower nodes of t's low bits. A person's data reaches at most one
/// node per level, h levels in all, which is what the noise scale passed in must cover. The full
/// tree (h = floor(log2 T) + 1) has the fewest nodes per total; h = 1 is the flat form (every step
/// noised once, totals sum the steps), which beats the tree whenever T is small, because the
/// per-node scale grows with h (see <see cref="BestHeight"/>). Noisy nodes are kept; exact values
/// only until their node completes.
/// </summary>
internal sealed class DyadicCounter
{
    private readonly int _height;
    private readonly int _width;
    private readonly long[][] _exact;
    private readonly long[][] _noisy;
    private readonly long[] _top;
    private readonly Func<int, long> _noise;
    private readonly long[] _pending;

    /// <param name="steps">T, the number of steps of the horizon.</param>
    /// <param name="width">How many statistics the vector holds.</param>
    /// <param name="noise">One noise draw for the statistic at an index (its scale depends on the statistic).</param>
    /// <param name="height">Levels of the tree, 1 to <see cref="Levels"/>(T); the full tree when omitted.</param>
    public DyadicCounter(int steps, int width, Func<int, long> noise, int height = 0)
    {
        Steps = steps;
        _height = height <= 0 ? Levels(steps) : Math.Min(height, Levels(steps));
        _width = width;
        _noise = noise;
        _exact = Enumerable.Range(0, _height).Select(_ => new long[width]).ToArray();
        _noisy = Enumerable.Range(0, _height).Select(_ => new long[width]).ToArray();
        _top = new long[width];
        _pending = new long[width];
    }

    /// <summary>floor(log2 T) + 1: the number of levels of the full tree (bits of T).</summary>
    public static int Levels(int steps) => BitOperations.Log2((uint)Math.Max(1, steps)) + 1;

    /// <summary>
    /// The height that makes the worst running total over the horizon least noisy. The per-node
    /// scale grows with h (Laplace: one person's L1 is h times the bound, so the variance per node
    /// grows with h squared; Gaussian: L2 grows with the square root of h, the variance with h), and
    /// a total sums <see cref="Draws"/> nodes: the height minimising max over t of Draws(t) times h^2
    /// (Laplace) or h (Gaussian). Daily steps over 30 days give h = 1 with Laplace and h = 3 with Gaussian.
    /// </summary>
    public static int BestHeight(int steps, bool gaussian)
    {
        int best = 1;
        double bestCost = double.MaxValue;
        for (int h = 1; h <= Levels(steps); h++)
        {
            int worst = 0;
            for (int t = 1; t <= steps; t++)
            {
                worst = Math.Max(worst, Draws(t, h));
            }

            double cost = worst * (gaussian ? h : (double)h * h);
            if (cost < bestCost - 1e-9)
            {
                best = h;
                bestCost = cost;
            }
        }

        return best;
    }

    /// <summary>Noisy nodes summed in the running total after t steps of a tree of height h.</summary>
    public static int Draws(int t, int height)
    {
        int span = 1 << (height - 1);
        return (t / span) + BitOperations.PopCount((uint)(t % span));
    }

    public int Steps { get; }

    /// <summary>Levels of this tree: one person's data reaches at most this many nodes.</summary>
    public int Height => _height;

    /// <summary>Steps completed so far.</summary>
    public int Completed { get; private set; }

    /// <summary>Noise draws summed in the current running total.</summary>
    public int DrawsInTotal => Draws(Completed, _height);

    /// <summary>
    /// Noise draws in the difference of the running totals after <paramref name="from"/> and
    /// <paramref name="to"/> steps (the nodes one holds and the other does not): what a range,
    /// such as one day of the trend, carries.
    /// </summary>
    public int DrawsBetween(int from, int to)
    {
        HashSet<(int Level, int End)> a = Nodes(from);
        HashSet<(int Level, int End)> b = Nodes(to);
        a.SymmetricExceptWith(b);
        return a.Count;
    }

    /// <summary>The open step's exact vector (what <see cref="Add"/> adds to).</summary>
    public long[] Open => _pending;

    /// <summary>How many steps the node completed by step <paramref name="completed"/> (1-based) spans in a tree of height h: the steps ending there that it sums.</summary>
    public static int NodeSpan(int completed, int height) => 1 << Math.Min(BitOperations.TrailingZeroCount(completed), height - 1);

    /// <summary>
    /// Closes the open step with a node noised elsewhere (a fleet's node, noised once by whichever worker
    /// claimed it, on every shard's partials of the <see cref="NodeSpan"/> steps ending here): it takes the
    /// place of the node <see cref="CompleteStep"/> would have drawn. Nothing exact is kept.
    /// </summary>
    public void CompleteStepWith(long[] noisyNode)
    {
        if (Completed >= Steps)
        {
            throw new InvalidOperationException("The horizon's steps are all complete.");
        }

        if (noisyNode.Length != _width)
        {
            throw new InvalidDataException($"A released node has {noisyNode.Length} statistics; this counter has {_width}.");
        }

        Completed++;
        Array.Clear(_pending);
        int level = Math.Min(BitOperations.TrailingZeroCount(Completed), _height - 1);
        for (int j = 0; j < level; j++)
        {
            Array.Clear(_noisy[j]);
        }

        for (int i = 0; i < _width; i++)
        {
            if (level == _height - 1)
            {
                _top[i] += noisyNode[i];
            }
            else
            {
                _noisy[level][i] = noisyNode[i];
            }
        }
    }

    /// <summary>Adds to the open step's exact vector.</summary>
    public void Add(int index, long value) => _pending[index] += value;

    /// <summary>Closes the open step: its node and the lower ones it completes are merged, and the merged node is noised once.</summary>
    public void CompleteStep()
    {
        if (Completed >= Steps)
        {
            throw new InvalidOperationException("The horizon's steps are all complete.");
        }

        Completed++;
        int level = Math.Min(BitOperations.TrailingZeroCount(Completed), _height - 1);
        long[] node = _exact[level];
        Array.Copy(_pending, node, _width);
        Array.Clear(_pending);
        for (int j = 0; j < level; j++)
        {
            for (int i = 0; i < _width; i++)
            {
                node[i] += _exact[j][i];
            }

            Array.Clear(_exact[j]);
            Array.Clear(_noisy[j]);
        }

        for (int i = 0; i < _width; i++)
        {
            long noisy = node[i] + _noise(i);
            if (level == _height - 1)
            {
                // A top node is never merged again: it joins the sum of completed top nodes.
                _top[i] += noisy;
            }
            else
            {
                _noisy[level][i] = noisy;
            }
        }

        if (level == _height - 1)
        {
            Array.Clear(node);
        }
    }

    /// <summary>The noisy running total of one statistic after the completed steps.</summary>
    public long Total(int index)
    {
        long total = _top[index];
        for (int j = 0; j < _height - 1; j++)
        {
            if ((Completed & (1 << j)) != 0)
            {
                total += _noisy[j][index];
            }
        }

        return total;
    }

    private HashSet<(int Level, int End)> Nodes(int t)
    {
        int span = 1 << (_height - 1);
        var nodes = new HashSet<(int Level, int End)>();
        int end = 0;
        for (int k = 0; k < t / span; k++)
        {
            end += span;
            nodes.Add((_height - 1, end));
        }

        for (int j = _height - 2; j >= 0; j--)
        {
            if ((t & (1 << j)) != 0)
            {
                end += 1 << j;
                nodes.Add((j, end));
            }
        }

        return nodes;
    }
}
