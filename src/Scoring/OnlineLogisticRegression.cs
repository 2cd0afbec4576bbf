namespace StreamGuard.Scoring;

/// <summary>
/// Logistic regression learned one released label at a time (AdaGrad SGD) over dense features and
/// a few hashed crosses (category by amount band, category by hour band) that let it learn which
/// amounts are risky in which category.
/// </summary>
internal sealed class OnlineLogisticRegression
{
    public const int DenseLength = FeatureVector.Length + 12;
    public const int HashedLength = 8192;
    public const int HashedPerExample = 12 + FeatureVector.Length;
    private const double LearningRate = 0.2;
    private const double L2 = 1e-5;

    private readonly double[] _weights = new double[DenseLength + HashedLength];
    private readonly double[] _gradSquares = new double[DenseLength + HashedLength];

    public long Positives { get; private set; }

    public long Examples { get; private set; }

    public double Predict(in LabelExample example) => 1 / (1 + Math.Exp(-Math.Clamp(Logit(in example), -30, 30)));

    private double Logit(in LabelExample example)
    {
        double sum = 0;
        ReadOnlySpan<float> dense = example.Dense;
        for (int i = 0; i < DenseLength; i++)
        {
            sum += _weights[i] * dense[i];
        }

        ReadOnlySpan<int> hashed = example.Hashed;
        for (int i = 0; i < HashedPerExample; i++)
        {
            sum += _weights[DenseLength + hashed[i]];
        }

        return sum;
    }

    public void Learn(in LabelExample example, bool label)
    {
        double error = Predict(in example) - (label ? 1 : 0);
        ReadOnlySpan<float> dense = example.Dense;
        for (int i = 0; i < DenseLength; i++)
        {
            Step(i, error * dense[i]);
        }

        ReadOnlySpan<int> hashed = example.Hashed;
        for (int i = 0; i < HashedPerExample; i++)
        {
            Step(DenseLength + hashed[i], error);
        }

        Examples++;
        if (label)
        {
            Positives++;
        }
    }

    private void Step(int index, double gradient)
    {
        gradient += L2 * _weights[index];
        _gradSquares[index] += gradient * gradient;
        _weights[index] -= LearningRate * gradient / (Math.Sqrt(_gradSquares[index]) + 1e-6);
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(Positives);
        writer.Write(Examples);
        for (int i = 0; i < _weights.Length; i++)
        {
            writer.Write(_weights[i]);
            writer.Write(_gradSquares[i]);
        }
    }

    public void Read(BinaryReader reader)
    {
        Positives = reader.ReadInt64();
        Examples = reader.ReadInt64();
        for (int i = 0; i < _weights.Length; i++)
        {
            _weights[i] = reader.ReadDouble();
            _gradSquares[i] = reader.ReadDouble();
        }
    }
}
