using System.Text.Json.Serialization;

namespace StreamGuard.Scoring.Evaluation;

/// <summary>Source-generated JSON for <see cref="EvaluationReport"/>.</summary>
[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(EvaluationReport))]
[JsonSerializable(typeof(Dictionary<string, double>))]
[JsonSerializable(typeof(Dictionary<string, BaselineFigures>))]
public sealed partial class EvaluationJsonContext : JsonSerializerContext;
