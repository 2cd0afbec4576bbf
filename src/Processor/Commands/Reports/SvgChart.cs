using System.Globalization;
using System.Net;
using System.Text;

namespace StreamGuard.Processor.Commands.Reports;

/// <summary>Small inline SVG charts (lines and grouped bars) drawn by hand: the report needs no script and no network.</summary>
internal static class SvgChart
{
    private const int Width = 520;
    private const int Height = 320;
    private const int Left = 56;
    private const int Right = 16;
    private const int Top = 28;
    private const int Bottom = 48;

    public sealed record Series(string Name, string Color, IReadOnlyList<(double X, double Y)> Points, bool Dashed = false);

    public sealed record Marker(double X, string Label, string Color);

    public static string Lines(string id, string title, string xLabel, string yLabel, IReadOnlyList<Series> series, double xMax = 1, double yMax = 1, Marker? marker = null)
    {
        var svg = Open(id, title, "line", series.Sum(s => s.Points.Count));
        Axes(svg, xLabel, yLabel, xMax, yMax, ticks: 5);
        foreach (Series s in series)
        {
            if (s.Points.Count == 0)
            {
                continue;
            }

            svg.Append(CultureInfo.InvariantCulture, $"<path class=\"series\" data-series=\"{E(s.Name)}\" fill=\"none\" stroke=\"{s.Color}\" stroke-width=\"2\"{(s.Dashed ? " stroke-dasharray=\"5 4\"" : "")} d=\"");
            for (int i = 0; i < s.Points.Count; i++)
            {
                svg.Append(i == 0 ? 'M' : 'L').Append(F(X(s.Points[i].X, xMax))).Append(',').Append(F(Y(s.Points[i].Y, yMax))).Append(' ');
            }

            svg.Append("\"/>");
        }

        if (marker is { } m)
        {
            double x = X(m.X, xMax);
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"marker\" x1=\"{F(x)}\" x2=\"{F(x)}\" y1=\"{Top}\" y2=\"{Height - Bottom}\" stroke=\"{m.Color}\" stroke-width=\"2\" stroke-dasharray=\"3 3\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Math.Min(x + 4, Width - 150))}\" y=\"{Top + 12}\" font-size=\"11\" fill=\"{m.Color}\">{E(m.Label)}</text>");
        }

        Legend(svg, series.Select(s => (s.Name, s.Color)));
        return svg.Append("</svg>").ToString();
    }

    /// <summary>Grouped vertical bars: one group per category, one bar per series; values in [0, yMax].</summary>
    public static string Bars(string id, string title, string yLabel, IReadOnlyList<string> categories, IReadOnlyList<(string Name, string Color, IReadOnlyList<double> Values)> series, double yMax = 1)
    {
        var svg = Open(id, title, "bar", categories.Count * series.Count);
        Axes(svg, "", yLabel, 0, yMax, ticks: 5);
        double plot = Width - Left - Right;
        double group = plot / Math.Max(1, categories.Count);
        double bar = Math.Max(2, (group * 0.8) / Math.Max(1, series.Count));
        for (int c = 0; c < categories.Count; c++)
        {
            for (int s = 0; s < series.Count; s++)
            {
                double value = double.IsNaN(series[s].Values[c]) ? 0 : series[s].Values[c];
                double x = Left + (c * group) + (group * 0.1) + (s * bar);
                double y = Y(value, yMax);
                svg.Append(CultureInfo.InvariantCulture,
                    $"<rect class=\"bar\" x=\"{F(x)}\" y=\"{F(y)}\" width=\"{F(bar - 1)}\" height=\"{F(Height - Bottom - y)}\" fill=\"{series[s].Color}\"><title>{E(categories[c])} {E(series[s].Name)}: {F(value)}</title></rect>");
            }

            if (categories.Count <= 16 || c % ((categories.Count / 12) + 1) == 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Left + (c * group) + (group / 2))}\" y=\"{Height - Bottom + 14}\" font-size=\"10\" text-anchor=\"middle\">{E(categories[c])}</text>");
            }
        }

        Legend(svg, series.Select(s => (s.Name, s.Color)));
        return svg.Append("</svg>").ToString();
    }

    /// <summary>Horizontal bars with labels, for counts (e.g. explanation reasons).</summary>
    public static string HorizontalBars(string id, string title, IReadOnlyList<(string Label, long Count)> rows, string color)
    {
        int height = Math.Max(80, 36 + (rows.Count * 22));
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg id=\"{id}\" class=\"chart\" data-kind=\"hbar\" data-points=\"{rows.Count}\" viewBox=\"0 0 {Width} {height}\" width=\"{Width}\" height=\"{height}\" role=\"img\" aria-label=\"{E(title)}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"16\" font-size=\"13\" font-weight=\"600\" text-anchor=\"middle\">{E(title)}</text>");
        long max = Math.Max(1, rows.Count == 0 ? 1 : rows.Max(r => r.Count));
        const int labelWidth = 280;
        for (int i = 0; i < rows.Count; i++)
        {
            double y = 28 + (i * 22);
            double w = (Width - labelWidth - 60) * rows[i].Count / (double)max;
            string label = rows[i].Label.Length > 42 ? rows[i].Label[..41] + "…" : rows[i].Label;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth - 6}\" y=\"{F(y + 13)}\" font-size=\"11\" text-anchor=\"end\">{E(label)}<title>{E(rows[i].Label)}</title></text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar\" x=\"{labelWidth}\" y=\"{F(y)}\" width=\"{F(Math.Max(1, w))}\" height=\"16\" fill=\"{color}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(labelWidth + w + 4)}\" y=\"{F(y + 13)}\" font-size=\"11\">{rows[i].Count:N0}</text>");
        }

        if (rows.Count == 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"50\" font-size=\"12\" text-anchor=\"middle\" fill=\"#666\">none</text>");
        }

        return svg.Append("</svg>").ToString();
    }

    private static StringBuilder Open(string id, string title, string kind, int points)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg id=\"{id}\" class=\"chart\" data-kind=\"{kind}\" data-points=\"{points}\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-label=\"{E(title)}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"16\" font-size=\"13\" font-weight=\"600\" text-anchor=\"middle\">{E(title)}</text>");
        return svg;
    }

    private static void Axes(StringBuilder svg, string xLabel, string yLabel, double xMax, double yMax, int ticks)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{Width - Left - Right}\" height=\"{Height - Top - Bottom}\" fill=\"#fafafa\" stroke=\"#999\"/>");
        for (int i = 0; i <= ticks; i++)
        {
            double v = yMax * i / ticks;
            double y = Y(v, yMax);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{F(y)}\" y2=\"{F(y)}\" stroke=\"#e4e4e4\"/><text x=\"{Left - 4}\" y=\"{F(y + 4)}\" font-size=\"10\" text-anchor=\"end\">{Tick(v)}</text>");
            if (xMax > 0)
            {
                double xv = xMax * i / ticks;
                double x = X(xv, xMax);
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x)}\" y=\"{Height - Bottom + 14}\" font-size=\"10\" text-anchor=\"middle\">{Tick(xv)}</text>");
            }
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{(Left + Width - Right) / 2}\" y=\"{Height - Bottom + 30}\" font-size=\"11\" text-anchor=\"middle\">{E(xLabel)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"14\" y=\"{(Top + Height - Bottom) / 2}\" font-size=\"11\" text-anchor=\"middle\" transform=\"rotate(-90 14 {(Top + Height - Bottom) / 2})\">{E(yLabel)}</text>");
    }

    private static void Legend(StringBuilder svg, IEnumerable<(string Name, string Color)> entries)
    {
        double x = Left;
        foreach ((string name, string color) in entries)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(x)}\" y=\"{Height - 12}\" width=\"10\" height=\"10\" fill=\"{color}\"/><text x=\"{F(x + 14)}\" y=\"{Height - 3}\" font-size=\"11\">{E(name)}</text>");
            x += 24 + (name.Length * 6.2);
        }
    }

    private static double X(double value, double max) => Left + ((Width - Left - Right) * Math.Clamp(value / max, 0, 1));

    private static double Y(double value, double max) => Height - Bottom - ((Height - Top - Bottom) * Math.Clamp(value / max, 0, 1));

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Tick(double value) => value.ToString(value >= 10 ? "0" : "0.##", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
