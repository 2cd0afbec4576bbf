namespace StreamGuard.Scoring.Models;

/// <summary>A trained model, the ML.NET model it was copied from (as saved by ML.NET) and which rows validated it.</summary>
internal sealed record TrainedModel(FraudModel Model, byte[] MlNetModel, IReadOnlyList<int> ValidationRows);
