using System.Globalization;
using System.Net;
using System.Text;
using StreamGuard.Scoring.Evaluation;

namespace StreamGuard.Processor.Commands.Reports;

/// <summary>
/// `evaluate --report FILE.html`: one self-contained page (inline SVG and CSS, no script, a CSP that
/// forbids any fetch) with the curves, distributions, per-month and per-kind recall, the alert budget's
/// precision and recall, the most frequent reasons among true and false alerts, and the run's settings.
/// </summary>
internal static partial class EvaluationHtmlReport
{
    private const string FraudColor = "#d62728";
    private const string LegitColor = "#1f77b4";
    private const string ThirdColor = "#2ca02c";

    public static string Build(string input, EvaluationReport metrics, IReadOnlyList<ScoredPoint> points, IReadOnlyDictionary<string, string> kinds, IReadOnlyList<(string Name, string Value)> settings, DateTimeOffset generatedAt)
    {
        var html = new StringBuilder();
        html.Append("""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            """);
        html.Append(CultureInfo.InvariantCulture, $"<title>StreamGuard evaluation: {E(Path.GetFileName(input))}</title>");
        html.Append("""
            <style>
            body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px auto;max-width:1120px;color:#222;padding:0 16px}
            h1{font-size:22px;margin:0 0 4px} h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
            .sub{color:#666;margin:0 0 16px} .grid{display:flex;flex-wrap:wrap;gap:16px}
            .kpis{display:flex;flex-wrap:wrap;gap:10px;margin:12px 0} .kpi{border:1px solid #ddd;border-radius:6px;padding:8px 12px;min-width:110px}
            .kpi b{display:block;font-size:20px} .kpi span{color:#666;font-size:12px}
            table{border-collapse:collapse;margin:6px 0} td,th{border:1px solid #ddd;padding:4px 10px;text-align:left} th{background:#f4f4f4}
            td.n{text-align:right;font-variant-numeric:tabular-nums} .note{color:#666}
            svg.chart{border:1px solid #eee;border-radius:6px;background:#fff}
            </style></head><body>
            """);
        html.Append(CultureInfo.InvariantCulture, $"<h1>StreamGuard evaluation</h1><p class=\"sub\">{E(input)} · prequential (each transaction scored before the model learned from it), in event-time order · generated {generatedAt:u}</p>");
        Kpis(html, metrics, points);
        Curves(html, points);
        Distribution(html, points);
        ByMonth(html, points);
        ByKind(html, points, kinds);
        Budget(html, metrics, points);
        Reasons(html, points);
        html.Append("<h2 id=\"settings\">Settings of this run</h2><table>");
        foreach ((string name, string value) in settings)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><th>{E(name)}</th><td>{E(value)}</td></tr>");
        }

        return html.Append("</table></body></html>").ToString();
    }

    private static void Kpis(StringBuilder html, EvaluationReport m, IReadOnlyList<ScoredPoint> points)
    {
        html.Append("<div class=\"kpis\" id=\"kpis\">");
        Kpi(html, N(m.Events), "labelled events");
        Kpi(html, N(m.Frauds), string.Create(CultureInfo.InvariantCulture, $"frauds ({100.0 * m.Frauds / Math.Max(1, m.Events):0.00}%)"));
        Kpi(html, D(m.PrAuc), "PR-AUC");
        Kpi(html, D(m.RocAuc), "ROC-AUC");
        Kpi(html, D(m.RecallAt1Pct), "recall in top 1%");
        Kpi(html, N(m.Alerts), "alerts");
        Kpi(html, D(m.PrecisionAtAlerts), "precision of alerts");
        Kpi(html, D(m.RecallAtAlerts), "recall of alerts");
        html.Append("</div>");
        if (points.Count == 0)
        {
            html.Append("<p class=\"note\">No labelled transaction was scored.</p>");
        }
    }

    private static void Kpi(StringBuilder html, string value, string label) =>
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"kpi\"><b>{E(value)}</b><span>{E(label)}</span></div>");

    private static void Curves(StringBuilder html, IReadOnlyList<ScoredPoint> points)
    {
        (List<(double X, double Y)> pr, List<(double X, double Y)> roc) = CurvePoints.Compute(points);
        double baseRate = points.Count == 0 ? 0 : points.Count(p => p.IsFraud) / (double)points.Count;
        html.Append("<h2 id=\"curves\">Ranking: precision–recall and ROC</h2><div class=\"grid\">");
        html.Append(SvgChart.Lines("pr-curve", "Precision–recall", "recall", "precision",
        [
            new SvgChart.Series("scorer", FraudColor, pr),
            new SvgChart.Series(string.Create(CultureInfo.InvariantCulture, $"random ({baseRate:0.###})"), "#999", [(0, baseRate), (1, baseRate)], Dashed: true),
        ]));
        html.Append(SvgChart.Lines("roc-curve", "ROC", "false-positive rate", "true-positive rate",
        [
            new SvgChart.Series("scorer", LegitColor, roc),
            new SvgChart.Series("random", "#999", [(0, 0), (1, 1)], Dashed: true),
        ]));
        html.Append("</div>");
    }

    private static void Distribution(StringBuilder html, IReadOnlyList<ScoredPoint> points)
    {
        (List<(double X, double Y)> fraud, List<(double X, double Y)> legit) = CurvePoints.Distributions(points);
        double yMax = Math.Max(0.05, Math.Ceiling(fraud.Concat(legit).Select(p => p.Y).DefaultIfEmpty(0).Max() * 10) / 10);
        double threshold = CurvePoints.EffectiveThreshold(points);
        html.Append("<h2 id=\"distribution\">Score distribution of fraud and legitimate transactions</h2>");
        html.Append(SvgChart.Lines("score-distribution", "Share of each class per score bin", "fraud score", "share of class", [new SvgChart.Series("fraud", FraudColor, fraud), new SvgChart.Series("legitimate", LegitColor, legit)],
            xMax: 1, yMax: yMax, marker: new SvgChart.Marker(threshold, string.Create(CultureInfo.InvariantCulture, $"alert threshold ≈ {threshold:0.###}"), "#444")));
        html.Append("<p class=\"note\">The threshold moves during the run to hold the alert budget; the line is where it sat on average (the score above which the alerted share of events lies).</p>");
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string D(double value) => double.IsNaN(value) ? "n/a" : value.ToString("0.0000", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
