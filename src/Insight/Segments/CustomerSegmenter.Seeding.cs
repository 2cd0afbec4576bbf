namespace StreamGuard.Insight.Segments;

public sealed partial class CustomerSegmenter
{
    private const int LloydIterations = 10;
    private const int ReservoirSize = 2048;
    private const long ReseedEveryAssignments = 200_000;

    // A uniform sample of profiled customers (reservoir sampling); their vectors stay live.
    private void Sample(CustomerProfile profile)
    {
        _profiled++;
        if (_reservoir.Count < ReservoirSize)
        {
            _reservoir.Add(profile);
        }
        else if ((long)(_random.NextDouble() * _profiled) < ReservoirSize)
        {
            _reservoir[_random.NextInt(ReservoirSize)] = profile;
        }
    }

    // k-means++ on the sampled profiles, refined by a few Lloyd passes, whenever the number of
    // profiled customers doubles (and now and then after): online k-means seeded with whichever
    // customers come first puts two centroids in the busiest group and none in the slowest one.
    private void Reseed()
    {
        _nextReseed = _profiled < ReservoirSize ? _profiled * 2 : long.MaxValue;
        _assignmentsAtReseed = _observations;
        int n = _reservoir.Count;
        if (n < _k)
        {
            return;
        }

        double[][] previous = _seeded ? [.. _centroids.Select(c => (double[])c.Clone())] : [];
        _seeded = false;
        Span<double> nearest = n <= 1024 ? stackalloc double[n] : new double[n];
        _reservoir[_random.NextInt(n)].Vector.CopyTo(_centroids[0], 0);
        for (int c = 1; c < _k; c++)
        {
            double total = 0;
            for (int i = 0; i < n; i++)
            {
                double d = double.MaxValue;
                for (int j = 0; j < c; j++)
                {
                    d = Math.Min(d, Distance(_reservoir[i].Vector, _centroids[j]));
                }

                nearest[i] = d;
                total += d;
            }

            int pick = _random.NextInt(n);
            double target = _random.NextDouble() * total;
            for (int i = 0; i < n && total > 0; i++)
            {
                target -= nearest[i];
                if (target <= 0)
                {
                    pick = i;
                    break;
                }
            }

            _reservoir[pick].Vector.CopyTo(_centroids[c], 0);
        }

        _seeded = true;
        int[] assignment = new int[n];
        for (int iteration = 0; iteration < LloydIterations; iteration++)
        {
            double[][] sums = new double[_k][];
            long[] counts = new long[_k];
            for (int c = 0; c < _k; c++)
            {
                sums[c] = new double[BehaviourFeatures.Count];
            }

            for (int i = 0; i < n; i++)
            {
                assignment[i] = Nearest(_reservoir[i].Vector);
                counts[assignment[i]]++;
                for (int j = 0; j < BehaviourFeatures.Count; j++)
                {
                    sums[assignment[i]][j] += _reservoir[i].Vector[j];
                }
            }

            for (int c = 0; c < _k; c++)
            {
                if (counts[c] > 0)
                {
                    for (int j = 0; j < BehaviourFeatures.Count; j++)
                    {
                        _centroids[c][j] = sums[c][j] / counts[c];
                    }
                }

                _centroidCounts[c] = counts[c];
            }
        }

        KeepIndices(previous);
        for (int i = 0; i < n; i++)
        {
            Move(_reservoir[i], Nearest(_reservoir[i].Vector));
        }
    }

    // Re-seeding may find the same groups in another order: give each new centroid the index of
    // the nearest old one (greedily), so customers do not appear to change segment for nothing.
    private void KeepIndices(double[][] previous)
    {
        if (previous.Length != _k)
        {
            return;
        }

        var pairs = new List<(double Distance, int New, int Old)>();
        for (int a = 0; a < _k; a++)
        {
            for (int b = 0; b < _k; b++)
            {
                pairs.Add((Distance(_centroids[a], previous[b]), a, b));
            }
        }

        pairs.Sort();
        int[] target = new int[_k];
        Array.Fill(target, -1);
        bool[] taken = new bool[_k];
        foreach ((_, int a, int b) in pairs)
        {
            if (target[a] < 0 && !taken[b])
            {
                target[a] = b;
                taken[b] = true;
            }
        }

        double[][] centroids = [.. _centroids.Select(c => (double[])c.Clone())];
        long[] counts = (long[])_centroidCounts.Clone();
        for (int a = 0; a < _k; a++)
        {
            centroids[a].CopyTo(_centroids[target[a]], 0);
            _centroidCounts[target[a]] = counts[a];
        }
    }
}
