namespace Cairn.Web;

/// <summary>Static files embedded in the assembly, so a single `cairn` binary serves its own UI.</summary>
internal static class Assets
{
    public static readonly string Css = Read("app.css");

    public static readonly string ChartsJs = Read("charts.js");

    public static readonly string SurveyCss = Read("survey.css");

    public static readonly string ReportCss = Read("report.css");

    public static readonly string WidgetJs = Read("widget.js");

    public static readonly string EChartsJs = Read("echarts.min.js");

    private static string Read(string name)
    {
        using var stream = typeof(Assets).Assembly.GetManifestResourceStream("Cairn.Web.Assets." + name)
            ?? throw new InvalidOperationException($"missing embedded asset {name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
