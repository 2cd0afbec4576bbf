using System.Globalization;
using System.Text;
using StreamGuard.Scoring.Evaluation;

namespace StreamGuard.Processor.Commands.Reports;

/// <summary>The per-month, per-kind, budget and reason sections.</summary>
internal static partial class EvaluationHtmlReport
{
    private static readonly double[] s_topFractions = [0.005, 0.01, 0.02, 0.05];

    private static void ByMonth(StringBuilder html, IReadOnlyList<ScoredPoint> points)
    {
        var months = points.GroupBy(p => p.EventTime.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture)).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var names = months.Select(g => g.Key).ToList();
        var prAuc = new List<double>();
        var recall = new List<double>();
        html.Append("<h2 id=\"by-month\">PR-AUC and recall by month (how a cold start catches up)</h2><div class=\"grid\">");
        var rows = new StringBuilder("<table id=\"by-month-table\"><tr><th>month</th><th>events</th><th>frauds</th><th>PR-AUC</th><th>alerts</th><th>recall of alerts</th><th>precision of alerts</th></tr>");
        foreach (IGrouping<string, ScoredPoint> month in months)
        {
            List<ScoredPoint> list = [.. month];
            double ap = ClassificationMetrics.AveragePrecision([.. list.Select(p => p.Score)], [.. list.Select(p => p.IsFraud)]);
            (double precision, double r) = ClassificationMetrics.AtAlerts([.. list.Select(p => p.Alert)], [.. list.Select(p => p.IsFraud)]);
            prAuc.Add(ap);
            recall.Add(r);
            rows.Append(CultureInfo.InvariantCulture, $"<tr><td>{month.Key}</td><td class=\"n\">{N(list.Count)}</td><td class=\"n\">{N(list.Count(p => p.IsFraud))}</td><td class=\"n\">{D(ap)}</td><td class=\"n\">{N(list.Count(p => p.Alert))}</td><td class=\"n\">{D(r)}</td><td class=\"n\">{D(precision)}</td></tr>");
        }

        html.Append(SvgChart.Bars("by-month-chart", "By month of event time", "value", names, [("PR-AUC", FraudColor, prAuc), ("recall of alerts", LegitColor, recall)]));
        html.Append("<div>").Append(rows).Append("</table></div></div>");
    }

    private static void ByKind(StringBuilder html, IReadOnlyList<ScoredPoint> points, IReadOnlyDictionary<string, string> kinds)
    {
        html.Append("<h2 id=\"by-kind\">Recall by fraud kind</h2>");
        var frauds = points.Where(p => p.IsFraud && kinds.ContainsKey(p.TransactionId)).GroupBy(p => kinds[p.TransactionId]).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        if (frauds.Count == 0)
        {
            html.Append("<p class=\"note\" id=\"by-kind-none\">The input does not name fraud kinds (no <code>fraud_kind</code> column), so recall is not broken down by kind.</p>");
            return;
        }

        double cutoff = TopFractionCutoff(points, 0.01);
        html.Append("<div class=\"grid\">");
        html.Append(SvgChart.Bars("by-kind-chart", "Share of each kind's frauds caught", "recall", [.. frauds.Select(g => g.Key)],
        [
            ("recall of alerts", LegitColor, [.. frauds.Select(g => g.Count(p => p.Alert) / (double)g.Count())]),
            ("recall in top 1%", ThirdColor, [.. frauds.Select(g => g.Count(p => p.Score >= cutoff) / (double)g.Count())]),
        ]));
        html.Append("<table id=\"by-kind-table\"><tr><th>kind</th><th>frauds</th><th>alerted</th><th>recall of alerts</th></tr>");
        foreach (IGrouping<string, ScoredPoint> kind in frauds)
        {
            int alerted = kind.Count(p => p.Alert);
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(kind.Key)}</td><td class=\"n\">{N(kind.Count())}</td><td class=\"n\">{N(alerted)}</td><td class=\"n\">{D(alerted / (double)kind.Count())}</td></tr>");
        }

        html.Append("</table></div>");
    }

    private static void Budget(StringBuilder html, EvaluationReport m, IReadOnlyList<ScoredPoint> points)
    {
        long frauds = points.LongCount(p => p.IsFraud);
        html.Append("<h2 id=\"budget\">Alert budget: precision and recall</h2><table id=\"budget-table\"><tr><th>what is flagged</th><th>share of events</th><th>flagged</th><th>frauds among them</th><th>precision</th><th>recall</th></tr>");
        html.Append(CultureInfo.InvariantCulture,
            $"<tr><td>alerts raised (streaming threshold)</td><td class=\"n\">{Pct(m.Alerts / (double)Math.Max(1, m.Events))}</td><td class=\"n\">{N(m.Alerts)}</td><td class=\"n\">{N(points.LongCount(p => p.Alert && p.IsFraud))}</td><td class=\"n\">{D(m.PrecisionAtAlerts)}</td><td class=\"n\">{D(m.RecallAtAlerts)}</td></tr>");
        foreach (double fraction in s_topFractions)
        {
            double cutoff = TopFractionCutoff(points, fraction);
            long flagged = points.LongCount(p => p.Score >= cutoff);
            long caught = points.LongCount(p => p.Score >= cutoff && p.IsFraud);
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>top {Pct(fraction)} by score (in hindsight)</td><td class=\"n\">{Pct(flagged / (double)Math.Max(1, points.Count))}</td><td class=\"n\">{N(flagged)}</td><td class=\"n\">{N(caught)}</td><td class=\"n\">{D(caught / (double)Math.Max(1, flagged))}</td><td class=\"n\">{D(caught / (double)Math.Max(1, frauds))}</td></tr>");
        }

        html.Append("</table>");
    }

    private static void Reasons(StringBuilder html, IReadOnlyList<ScoredPoint> points)
    {
        html.Append("<h2 id=\"reasons\">Most frequent explanation reasons</h2><div class=\"grid\">");
        html.Append(SvgChart.HorizontalBars("reasons-true", "Among true alerts (fraud)", Top(points.Where(p => p.Alert && p.IsFraud)), FraudColor));
        html.Append(SvgChart.HorizontalBars("reasons-false", "Among false alerts (legitimate)", Top(points.Where(p => p.Alert && !p.IsFraud)), LegitColor));
        html.Append("</div>");

        static List<(string, long)> Top(IEnumerable<ScoredPoint> alerts) => [.. alerts
            .SelectMany(p => p.Reasons.Select(Generalise).Distinct(StringComparer.Ordinal))
            .GroupBy(r => r, StringComparer.Ordinal)
            .Select(g => (g.Key, g.LongCount()))
            .OrderByDescending(t => t.Item2).ThenBy(t => t.Key, StringComparer.Ordinal)
            .Take(10)];
    }

    /// <summary>Reasons carry numbers ("amount 12.3x this card's usual"); grouping needs their shape, not their values.</summary>
    internal static string Generalise(string reason)
    {
        var shape = new StringBuilder(reason.Length);
        bool inNumber = false;
        foreach (char c in reason)
        {
            bool digit = char.IsDigit(c) || (inNumber && c is '.' or ',');
            if (digit && !inNumber)
            {
                shape.Append('N');
            }
            else if (!digit)
            {
                shape.Append(c);
            }

            inNumber = digit;
        }

        return shape.ToString();
    }

    private static double TopFractionCutoff(IReadOnlyList<ScoredPoint> points, double fraction)
    {
        if (points.Count == 0)
        {
            return double.PositiveInfinity;
        }

        double[] sorted = [.. points.Select(p => p.Score).OrderByDescending(s => s)];
        return sorted[Math.Clamp((int)Math.Ceiling(sorted.Length * fraction) - 1, 0, sorted.Length - 1)];
    }

    private static string Pct(double value) => value.ToString("0.##%", CultureInfo.InvariantCulture);
}
