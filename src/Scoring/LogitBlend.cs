namespace StreamGuard.Scoring;

/// <summary>
/// Learns, from released labels, how much to trust the supervised model against the unsupervised
/// score: a two-input logistic regression over both logits, each fed the supervised model's
/// prediction from before it learned that label (so the weights judge out-of-sample predictions).
/// </summary>
internal sealed class LogitBlend
{
    private const double LearningRate = 0.1;
    // Starts at a third for the supervised model and moves as labels show which side ranks better.
    private readonly double[] _weights = [1, 0.5, 0];
    private readonly double[] _gradSquares = new double[3];

    /// <summary>The supervised model's share of the blend, in [0, <paramref name="cap"/>].</summary>
    public double SupervisedShare(double cap)
    {
        double unsupervised = Math.Max(0, _weights[0]);
        double supervised = Math.Max(0, _weights[1]);
        return unsupervised + supervised <= 0 ? 0 : Math.Min(cap, supervised / (unsupervised + supervised));
    }

    public double Logit(double unsupervisedLogit, double supervisedLogit) =>
        (_weights[0] * unsupervisedLogit) + (_weights[1] * supervisedLogit) + _weights[2];

    public void Learn(double unsupervisedLogit, double supervisedLogit, bool label)
    {
        double logit = (_weights[0] * unsupervisedLogit) + (_weights[1] * supervisedLogit) + _weights[2];
        double error = (1 / (1 + Math.Exp(-Math.Clamp(logit, -30, 30)))) - (label ? 1 : 0);
        Step(0, error * unsupervisedLogit);
        Step(1, error * supervisedLogit);
        Step(2, error);
    }

    private void Step(int index, double gradient)
    {
        _gradSquares[index] += gradient * gradient;
        _weights[index] -= LearningRate * gradient / (Math.Sqrt(_gradSquares[index]) + 1e-6);
    }

    public void Write(BinaryWriter writer)
    {
        for (int i = 0; i < _weights.Length; i++)
        {
            writer.Write(_weights[i]);
            writer.Write(_gradSquares[i]);
        }
    }

    public void Read(BinaryReader reader)
    {
        for (int i = 0; i < _weights.Length; i++)
        {
            _weights[i] = reader.ReadDouble();
            _gradSquares[i] = reader.ReadDouble();
        }
    }
}
