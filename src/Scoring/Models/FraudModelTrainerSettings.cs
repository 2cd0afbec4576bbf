namespace StreamGuard.Scoring.Models;

/// <summary>LightGBM settings for <see cref="FraudModelTrainer"/>.</summary>
/// <param name="RefitOnAllRows">
/// After validating on the latest 20 %, fit the model that is kept on every row (the validation
/// figures then describe the same settings on less data). `train` does this: the newest months are
/// the most like the data the model will score; the online retrainer does not (its swap check
/// compares the validated model itself).
/// </param>
internal sealed record FraudModelTrainerSettings(int Trees = 200, int Leaves = 31, int MinimumLeafRows = 20, double LearningRate = 0.05, int Seed = 42, bool RefitOnAllRows = false);
