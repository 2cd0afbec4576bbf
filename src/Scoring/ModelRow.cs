using System.Runtime.CompilerServices;

namespace StreamGuard.Scoring;

/// <summary>One transaction's model features (<see cref="ModelFeatures"/>), stored inline.</summary>
[InlineArray(ModelFeatures.Count)]
internal struct ModelRow
{
    private float _element;

    public readonly void Write(BinaryWriter writer)
    {
        for (int i = 0; i < ModelFeatures.Count; i++)
        {
            writer.Write(this[i]);
        }
    }

    public static ModelRow Read(BinaryReader reader)
    {
        var row = default(ModelRow);
        for (int i = 0; i < ModelFeatures.Count; i++)
        {
            row[i] = reader.ReadSingle();
        }

        return row;
    }
}
