namespace StreamGuard.Processor.Commands.Reports;

/// <summary>
/// Reads the fraud kind of each transaction from the input CSV when the data names it (a
/// <c>fraud_kind</c> or <c>fraud_type</c> column beside <c>trans_num</c>); empty when it does not.
/// </summary>
internal static class FraudKinds
{
    private static readonly string[] s_columns = ["fraud_kind", "fraud_type"];

    public static Dictionary<string, string> Read(string path)
    {
        var kinds = new Dictionary<string, string>(StringComparer.Ordinal);
        using var reader = new StreamReader(path);
        if (reader.ReadLine() is not { } header)
        {
            return kinds;
        }

        List<string> names = Split(header);
        int id = names.IndexOf("trans_num");
        int kind = names.FindIndex(n => s_columns.Contains(n.Trim(), StringComparer.OrdinalIgnoreCase));
        if (id < 0 || kind < 0)
        {
            return kinds;
        }

        while (reader.ReadLine() is { } line)
        {
            List<string> fields = Split(line);
            if (fields.Count > Math.Max(id, kind) && fields[kind].Length > 0)
            {
                kinds[fields[id]] = fields[kind];
            }
        }

        return kinds;
    }

    private static List<string> Split(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        return fields;
    }
}
