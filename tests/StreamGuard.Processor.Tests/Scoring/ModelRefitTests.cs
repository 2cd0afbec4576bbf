using Microsoft.ML;
using StreamGuard.Scoring.Models;

namespace StreamGuard.Processor.Tests.Scoring;

public sealed class ModelRefitTests
{
    [Fact]
    public void Train_RefitOnAllRows_KeepsTheValidationFiguresAndLearnsTheNewestRows()
    {
        TrainingSet set = ModelTraining.Set;
        var at = new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);
        TrainedModel held = ModelTraining.Trained;
        TrainedModel refit = new FraudModelTrainer(new FraudModelTrainerSettings(Trees: 60, Seed: 7, RefitOnAllRows: true)).Train(set, "synthetic seed 31", at);

        // The validation figures describe the same settings judged on the newest 20 %, as before.
        Assert.Equal(held.Model.Info.ValidationPrAuc, refit.Model.Info.ValidationPrAuc);
        Assert.Equal(held.Model.Info.ValidationRocAuc, refit.Model.Info.ValidationRocAuc);

        // The kept model has learned the validation rows: it fits their labels better than the model
        // that never saw them (log loss over the newest 20 %).
        Assert.True(LogLoss(refit.Model, set, held.ValidationRows) < LogLoss(held.Model, set, held.ValidationRows),
            $"refit {LogLoss(refit.Model, set, held.ValidationRows):0.0000}, held-out {LogLoss(held.Model, set, held.ValidationRows):0.0000}");

        // The ML.NET model saved beside it is the refit one too.
        var ml = new MLContext(seed: 1);
        using var stream = new MemoryStream(refit.MlNetModel);
        var engine = ml.Model.CreatePredictionEngine<FraudModelTrainer.Row, Prediction>(ml.Model.Load(stream, out _));
        int row = held.ValidationRows[0];
        Assert.InRange(Math.Abs(engine.Predict(new FraudModelTrainer.Row { Features = set.Row(row).ToArray() }).Probability - refit.Model.Calibrate(refit.Model.Trees.Predict(set.Row(row)))), 0, 1e-4);
    }

    private static double LogLoss(FraudModel model, TrainingSet set, IReadOnlyList<int> rows)
    {
        double total = 0;
        foreach (int i in rows)
        {
            double p = Math.Clamp(model.Calibrate(model.Trees.Predict(set.Row(i))), 1e-9, 1 - 1e-9);
            total -= set.Label(i) ? Math.Log(p) : Math.Log(1 - p);
        }

        return total / rows.Count;
    }

    private sealed class Prediction
    {
        public float Score { get; set; }

        public float Probability { get; set; }
    }
}
