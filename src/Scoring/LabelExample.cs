using System.Runtime.CompilerServices;

namespace StreamGuard.Scoring;

/// <summary>The supervised model's view of one transaction: scaled dense features and hashed crosses.</summary>
internal struct LabelExample
{
    public DenseFeatures Dense;
    public HashedFeatures Hashed;

    public static LabelExample From(in FeatureVector features, in TransactionInput input, in Evidence evidence, double unsupervised, double detector)
    {
        var example = default(LabelExample);
        for (int i = 0; i < FeatureVector.Length; i++)
        {
            // Squash so that no single wild value dominates a gradient step.
            float value = features[i];
            example.Dense[i] = value / (1 + (Math.Abs(value) / 4));
        }

        example.Dense[FeatureVector.Length] = (float)unsupervised;
        example.Dense[FeatureVector.Length + 1] = (float)detector;
        example.Dense[FeatureVector.Length + 2] = 1; // bias
        // The evidence terms are non-linear in the features, which a linear model cannot build itself.
        example.Dense[FeatureVector.Length + 3] = (float)(evidence.Amount / 4);
        example.Dense[FeatureVector.Length + 4] = (float)(evidence.Hour / 2);
        example.Dense[FeatureVector.Length + 5] = (float)(evidence.Velocity / 4);
        example.Dense[FeatureVector.Length + 6] = (float)(evidence.Distance / 2);
        example.Dense[FeatureVector.Length + 7] = (float)(evidence.Category / 2);
        example.Dense[FeatureVector.Length + 8] = (float)(evidence.Jump / 2);
        example.Dense[FeatureVector.Length + 9] = (float)(evidence.Testing / 2);
        example.Dense[FeatureVector.Length + 10] = (float)(evidence.Context / 2);
        // The unsupervised evidence in log space, so the model can lean on it as a calibrated base.
        example.Dense[FeatureVector.Length + 11] = (float)Math.Log(1 + evidence.Total);
        int amountBand = Math.Clamp((int)(input.LogAmount * 2), 0, 20);
        int hourBand = input.Hour / 2;
        int night = features[FeatureVector.Night] > 0 ? 1 : 0;
        example.Hashed[0] = Bucket(StableHash.Combine(1, input.Category, amountBand));
        example.Hashed[1] = Bucket(StableHash.Combine(2, input.Category, hourBand));
        example.Hashed[2] = Bucket(StableHash.Combine(3, input.Category, (amountBand * 2) + night));
        example.Hashed[3] = Bucket(StableHash.Combine(4, amountBand, hourBand));
        int burst = (int)Math.Min(4, features[FeatureVector.Count1Hour]);
        int distanceBand = (int)Math.Clamp(features[FeatureVector.LogDistance], 0, 9);
        int zBand = (int)Math.Clamp(features[FeatureVector.AmountZCard] + 3, 0, 10);
        int hourSurprise = (int)Math.Clamp(features[FeatureVector.HourSurprise], 0, 8);
        int suspicion = (int)Math.Clamp(features[FeatureVector.PriorSuspicion], 0, 6);
        example.Hashed[4] = Bucket(StableHash.Combine(5, input.Category, (burst * 16) + zBand));
        example.Hashed[5] = Bucket(StableHash.Combine(6, input.Category, distanceBand));
        example.Hashed[6] = Bucket(StableHash.Combine(7, zBand, hourSurprise));
        example.Hashed[7] = Bucket(StableHash.Combine(8, input.Category, (suspicion * 16) + zBand));
        int tests = (int)Math.Min(3, features[FeatureVector.TestCharges]);
        int jumpBand = (int)Math.Clamp(features[FeatureVector.LogJumpSpeed], 0, 9);
        example.Hashed[8] = Bucket(StableHash.Combine(9, input.Category, (amountBand * 16) + hourBand));
        example.Hashed[9] = Bucket(StableHash.Combine(10, input.Category, (tests * 32) + amountBand));
        example.Hashed[10] = Bucket(StableHash.Combine(11, input.Category, (jumpBand * 16) + zBand));
        example.Hashed[11] = Bucket(StableHash.Combine(12, zBand, (distanceBand * 16) + hourSurprise));
        for (int i = 0; i < FeatureVector.Length; i++)
        {
            // Each feature binned, so the linear model can learn a non-monotone curve per feature.
            int bin = (int)Math.Clamp((example.Dense[i] + 4) * 2, 0, 16);
            example.Hashed[12 + i] = Bucket(StableHash.Combine(100 + i, bin, 0));
        }
        return example;
    }

    private static int Bucket(int hash) => (int)((uint)hash % OnlineLogisticRegression.HashedLength);

    public readonly void Write(BinaryWriter writer)
    {
        for (int i = 0; i < OnlineLogisticRegression.DenseLength; i++)
        {
            writer.Write(Dense[i]);
        }

        for (int i = 0; i < OnlineLogisticRegression.HashedPerExample; i++)
        {
            writer.Write(Hashed[i]);
        }
    }

    public static LabelExample Read(BinaryReader reader)
    {
        var example = default(LabelExample);
        for (int i = 0; i < OnlineLogisticRegression.DenseLength; i++)
        {
            example.Dense[i] = reader.ReadSingle();
        }

        for (int i = 0; i < OnlineLogisticRegression.HashedPerExample; i++)
        {
            example.Hashed[i] = reader.ReadInt32();
        }

        return example;
    }
}
