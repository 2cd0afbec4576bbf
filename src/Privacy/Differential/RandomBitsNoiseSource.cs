using System.Numerics;

namespace StreamGuard.Privacy.Differential;

/// <summary>
/// Exact samplers of Canonne, Kamath and Steinke, "The Discrete Gaussian for Differential Privacy"
/// (NeurIPS 2020, algorithms 1 to 3): every decision is a Bernoulli trial on a rational number
/// made from uniform integers, so the output distribution is exactly the one the proof assumes.
/// Subclasses only supply random bytes.
/// </summary>
public abstract class RandomBitsNoiseSource : INoiseSource
{
    /// <summary>Fills the buffer with uniform random bytes.</summary>
    protected abstract void FillBytes(Span<byte> buffer);

    public long DiscreteLaplace(long scaleNumerator, long scaleDenominator)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scaleNumerator, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(scaleDenominator, 1);

        // Algorithm 2 with scale t/s: Laplace(t/s) = floor(Geometric-like X / s) with a random sign.
        long t = scaleNumerator;
        long s = scaleDenominator;
        while (true)
        {
            BigInteger u = UniformBelow(t);
            if (!BernoulliExp(u, t))
            {
                continue;
            }

            long v = 0;
            while (BernoulliExp(BigInteger.One, BigInteger.One))
            {
                v++;
            }

            BigInteger x = u + (t * (BigInteger)v);
            long y = (long)(x / s);
            bool negative = UniformBelow(2) == 1;
            if (negative && y == 0)
            {
                continue;
            }

            return negative ? -y : y;
        }
    }

    public long DiscreteGaussian(long varianceNumerator, long varianceDenominator)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(varianceNumerator, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(varianceDenominator, 1);

        // Algorithm 3: propose discrete Laplace with scale t = floor(sigma) + 1, accept with
        // probability exp(-(|y| - sigma²/t)² / (2 sigma²)), all in rationals.
        BigInteger n = varianceNumerator;
        BigInteger d = varianceDenominator;
        long t = (long)Math.Floor(Math.Sqrt((double)varianceNumerator / varianceDenominator)) + 1;
        while ((BigInteger)t * t * d <= n)
        {
            t++;
        }

        while (true)
        {
            long y = DiscreteLaplace(t, 1);
            // gamma = (|y| d t - n)² / (2 n d t²)
            BigInteger diff = (BigInteger.Abs(y) * d * t) - n;
            if (BernoulliExp(diff * diff, 2 * n * d * t * t))
            {
                return y;
            }
        }
    }

    /// <summary>A uniform integer in [0, bound), by rejection on whole random bytes (no modulo bias).</summary>
    internal BigInteger UniformBelow(BigInteger bound)
    {
        if (bound <= BigInteger.One)
        {
            return BigInteger.Zero;
        }

        int bits = (int)(bound - 1).GetBitLength();
        int bytes = (bits + 7) / 8;
        Span<byte> buffer = bytes <= 64 ? stackalloc byte[bytes] : new byte[bytes];
        int topBits = bits - (8 * (bytes - 1));
        byte mask = (byte)((1 << topBits) - 1);
        while (true)
        {
            FillBytes(buffer);
            buffer[^1] &= mask;
            var value = new BigInteger(buffer, isUnsigned: true, isBigEndian: false);
            if (value < bound)
            {
                return value;
            }
        }
    }

    /// <summary>True with probability numerator / denominator (at most 1).</summary>
    private bool Bernoulli(BigInteger numerator, BigInteger denominator) => UniformBelow(denominator) < numerator;

    /// <summary>True with probability exp(-numerator / denominator) (algorithm 1).</summary>
    private bool BernoulliExp(BigInteger numerator, BigInteger denominator)
    {
        while (numerator > denominator)
        {
            if (!BernoulliExp(BigInteger.One, BigInteger.One))
            {
                return false;
            }

            numerator -= denominator;
        }

        // gamma in [0, 1]: K is the first k with Bernoulli(gamma / k) false; true when K is odd.
        long k = 1;
        while (Bernoulli(numerator, denominator * k))
        {
            k++;
        }

        return k % 2 == 1;
    }
}
