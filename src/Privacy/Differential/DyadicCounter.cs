using System.Numerics;

namespace StreamGuard.Privacy.Differential;

/// <summary>
/// The binary-tree mechanism for continual counting (Chan, Shi and Song 2011; Dwork, Naor, Pitassi
/// and Rothblum 2010) over a vector of integer statistics: step t's exact vector goes into the
/// dyadic node it completes, each node gets noise once when it completes, and the running total
/// after t steps is the sum of popcount(t) noisy nodes. Over a horizon of T steps a person's data
/// reaches at most one node per level, floor(log2 T) + 1 levels in all, which is what the noise
/// scale passed in must cover. Noisy nodes are kept; exact values only until their node completes.
/// </summary>
internal sealed class DyadicCounter
{
    private readonly int _levels;
    private readonly int _width;
    private readonly long[][] _exact;
    private readonly long[][] _noisy;
    private readonly Func<int, long> _noise;
    private readonly long[] _pending;

    /// <param name="steps">T, the number of steps of the horizon.</param>
    /// <param name="width">How many statistics the vector holds.</param>
    /// <param name="noise">One noise draw for the statistic at an index (its scale depends on the statistic).</param>
    public DyadicCounter(int steps, int width, Func<int, long> noise)
    {
        Steps = steps;
        _levels = Levels(steps);
        _width = width;
        _noise = noise;
        _exact = Enumerable.Range(0, _levels).Select(_ => new long[width]).ToArray();
        _noisy = Enumerable.Range(0, _levels).Select(_ => new long[width]).ToArray();
        _pending = new long[width];
    }

    /// <summary>floor(log2 T) + 1: the number of tree levels (bits of T), hence of nodes one person's data can reach.</summary>
    public static int Levels(int steps) => BitOperations.Log2((uint)Math.Max(1, steps)) + 1;

    public int Steps { get; }

    /// <summary>Steps completed so far.</summary>
    public int Completed { get; private set; }

    /// <summary>Noise draws summed in the current running total (popcount of the completed steps).</summary>
    public int DrawsInTotal => BitOperations.PopCount((uint)Completed);

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
        int level = BitOperations.TrailingZeroCount(Completed);
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
            _noisy[level][i] = node[i] + _noise(i);
        }
    }

    /// <summary>The noisy running total of one statistic after the completed steps.</summary>
    public long Total(int index)
    {
        long total = 0;
        for (int j = 0; j < _levels; j++)
        {
            if ((Completed & (1 << j)) != 0)
            {
                total += _noisy[j][index];
            }
        }

        return total;
    }
}
