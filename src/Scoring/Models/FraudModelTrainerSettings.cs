namespace StreamGuard.Scoring.Models;

/// <summary>LightGBM settings for <see cref="FraudModelTrainer"/>.</summary>
internal sealed record FraudModelTrainerSettings(int Trees = 200, int Leaves = 31, int MinimumLeafRows = 20, double LearningRate = 0.05, int Seed = 42);
