using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using StreamGuard.Scoring.Evaluation;

namespace StreamGuard.Scoring.Models;

/// <summary>
/// Trains a LightGBM model with ML.NET on the earliest 80 % of the rows' event-time span and
/// validates it on the latest 20 % (a model is judged on the future, as it will be used), the rare
/// class weighted up. Single-threaded and seeded: the same rows give the same model.
/// </summary>
internal sealed class FraudModelTrainer
{
    public const double ValidationShare = 0.2;

    private readonly FraudModelTrainerSettings _settings;

    public FraudModelTrainer(FraudModelTrainerSettings settings) => _settings = settings;

    /// <param name="set">The labelled rows.</param>
    /// <param name="trainedOn">What the rows came from, for the model's description.</param>
    /// <param name="trainedAt">When (names the version).</param>
    /// <param name="embargo">
    /// Rows this close before the validation part are left out of training: in use, a model only
    /// ever sees labels a label delay old, so a model validated right after its last training row
    /// (an episode's first frauds in training, its last ones in validation) would look better than it is.
    /// </param>
    public TrainedModel Train(TrainingSet set, string trainedOn, DateTimeOffset trainedAt, TimeSpan embargo = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (set.Count == 0)
        {
            throw new InvalidOperationException("There are no labelled rows to train on.");
        }

        long min = long.MaxValue;
        long max = long.MinValue;
        for (int i = 0; i < set.Count; i++)
        {
            min = Math.Min(min, set.Ticks(i));
            max = Math.Max(max, set.Ticks(i));
        }

        long cut = min + (long)((max - min) * (1 - ValidationShare));
        var train = new List<Row>(set.Count);
        var validation = new List<int>();
        long trainFrauds = 0;
        double trainNegativeWeight = 0;
        for (int i = 0; i < set.Count; i++)
        {
            if (set.Ticks(i) < cut - embargo.Ticks || max == min)
            {
                train.Add(new Row { Features = set.Row(i).ToArray(), Label = set.Label(i), Weight = set.Weight(i) });
                trainFrauds += set.Label(i) ? 1 : 0;
                trainNegativeWeight += set.Label(i) ? 0 : set.Weight(i);
            }
            else if (set.Ticks(i) >= cut)
            {
                validation.Add(i);
            }
        }

        if (trainFrauds == 0 || trainFrauds == train.Count)
        {
            throw new InvalidOperationException($"The training part ({train.Count} rows before {new DateTimeOffset(cut, TimeSpan.Zero):yyyy-MM-dd}) needs both frauds and non-frauds; it has {trainFrauds} frauds.");
        }

        var ml = new MLContext(_settings.Seed);
        IDataView data = ml.Data.LoadFromEnumerable(train);
        var transformer = ml.BinaryClassification.Trainers.LightGbm(Options(trainFrauds, trainNegativeWeight)).Fit(data);
        CalibratedModelParametersBase<LightGbmBinaryModelParameters, PlattCalibrator> parameters = transformer.Model;
        TreeEnsemble trees = Copy(parameters.SubModel.TrainedTreeEnsemble);
        PlattCalibrator calibrator = parameters.Calibrator;

        double[] scores = new double[validation.Count];
        bool[] labels = new bool[validation.Count];
        long validationFrauds = 0;
        for (int k = 0; k < validation.Count; k++)
        {
            scores[k] = trees.Predict(set.Row(validation[k]));
            labels[k] = set.Label(validation[k]);
            validationFrauds += labels[k] ? 1 : 0;
        }

        if (_settings.RefitOnAllRows && validation.Count > 0)
        {
            var all = new List<Row>(set.Count);
            long frauds = 0;
            double negativeWeight = 0;
            for (int i = 0; i < set.Count; i++)
            {
                all.Add(new Row { Features = set.Row(i).ToArray(), Label = set.Label(i), Weight = set.Weight(i) });
                frauds += set.Label(i) ? 1 : 0;
                negativeWeight += set.Label(i) ? 0 : set.Weight(i);
            }

            data = ml.Data.LoadFromEnumerable(all);
            transformer = ml.BinaryClassification.Trainers.LightGbm(Options(frauds, negativeWeight)).Fit(data);
            parameters = transformer.Model;
            trees = Copy(parameters.SubModel.TrainedTreeEnsemble);
            calibrator = parameters.Calibrator;
        }

        string version = string.Create(CultureInfo.InvariantCulture, $"gbt-{trainedAt.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{set.Count:x}-{set.Frauds:x}");
        var info = new FraudModelInfo(
            version,
            trainedAt,
            trainedOn,
            set.Count,
            set.Frauds,
            new DateTimeOffset(min, TimeSpan.Zero),
            new DateTimeOffset(max, TimeSpan.Zero),
            new DateTimeOffset(cut, TimeSpan.Zero),
            validation.Count,
            validationFrauds,
            Metric(ClassificationMetrics.AveragePrecision(scores, labels)),
            Metric(ClassificationMetrics.RocAuc(scores, labels)));
        var model = new FraudModel(trees, calibrator.Slope, calibrator.Offset, info);
        using var saved = new MemoryStream();
        ml.Model.Save(transformer, data.Schema, saved);
        return new TrainedModel(model, saved.ToArray(), validation);
    }

    private LightGbmBinaryTrainer.Options Options(long frauds, double negativeWeight) => new()
    {
        NumberOfIterations = _settings.Trees,
        NumberOfLeaves = _settings.Leaves,
        MinimumExampleCountPerLeaf = _settings.MinimumLeafRows,
        LearningRate = _settings.LearningRate,
        // Frauds are about 1 in 100: weigh them up, but by the square root of the imbalance so the
        // trees still learn what ordinary spending looks like.
        WeightOfPositiveExamples = Math.Sqrt(negativeWeight / frauds),
        ExampleWeightColumnName = nameof(Row.Weight),
        NumberOfThreads = 1,
        Seed = _settings.Seed,
        Silent = true,
        Verbose = false,
        UseCategoricalSplit = false,
    };

    private static double Metric(double value) => double.IsNaN(value) ? value : Math.Round(value, 4);

    private static TreeEnsemble Copy(RegressionTreeEnsemble ensemble)
    {
        var trees = new List<TreeEnsemble.Tree>(ensemble.Trees.Count);
        for (int t = 0; t < ensemble.Trees.Count; t++)
        {
            RegressionTree tree = ensemble.Trees[t];
            if (tree.CategoricalSplitFlags.Any(f => f))
            {
                throw new InvalidOperationException("The trained model uses categorical splits, which this scorer does not evaluate.");
            }

            trees.Add(new TreeEnsemble.Tree(
                [.. tree.NumericalSplitFeatureIndexes],
                [.. tree.NumericalSplitThresholds],
                [.. tree.LeftChild],
                [.. tree.RightChild],
                [.. tree.LeafValues],
                ensemble.TreeWeights[t]));
        }

        return new TreeEnsemble(ensemble.Bias, trees);
    }

    /// <summary>ML.NET's view of one row.</summary>
    internal sealed class Row
    {
        [VectorType(ModelFeatures.Count)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }

        public float Weight { get; set; } = 1;
    }
}
