using System.Globalization;
using System.Text.Json;
using Cairn.Core.Feedback;
using Cairn.Core.Ingestion;
using Cairn.Storage;
using Cairn.Web.Access;
using Cairn.Web.Drivers;
using Cairn.Web.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.WebUtilities;

namespace Cairn.Web.Components.Pages.Feedback;

/// <summary>
/// The feedback explorer: themes with their share, sentiment, trend and drag on NPS; the monthly
/// trend and the theme × touchpoint heat map; and the verbatims behind them with the evidence
/// of each theme highlighted. Same queries as <c>GET /api/v1/feedback</c> and <c>/themes/summary</c>.
/// </summary>
public partial class FeedbackExplorer
{
    private const int TrendLines = 6;
    private const int MaxShownChars = 1_200;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly string[] Keys = ["theme", "sentiment", "emotion", "source", "competitor", "touchpoint", "segment", "from", "to", "q", "page"];

    [CascadingParameter] private Task<AuthenticationState> Auth { get; set; } = default!;

    [CascadingParameter] private Microsoft.AspNetCore.Http.HttpContext? Http { get; set; }

    private FeedbackQuery? Query { get; set; }

    private ThemeSummaryResponse? Summary { get; set; }

    private Storage.FeedbackPage? Page { get; set; }

    private IReadOnlyList<StoredTheme> Themes { get; set; } = [];

    private string? TrendJson { get; set; }

    private string? HeatJson { get; set; }

    private DriversResponse? Drivers { get; set; }

    private string? DriversJson { get; set; }

    private List<ItemError> Errors { get; } = [];

    private Dictionary<string, string?> Raw { get; } = new(StringComparer.OrdinalIgnoreCase);

    protected override async Task OnInitializedAsync()
    {
        var workspace = (await Auth).User.WorkspaceId();
        foreach (var key in Keys)
        {
            Raw[key] = Http?.Request.Query.TryGetValue(key, out var v) == true ? v.ToString() : null;
        }

        Themes = await Store.ThemesAsync(workspace);
        Query = FeedbackQuery.Parse(Raw, Errors);
        if (Errors.Count > 0)
        {
            return;
        }

        Summary = await ThemeService.SummaryAsync(Store, workspace, Query);
        Page = await Store.FeedbackPageAsync(workspace, Query);
        TrendJson = Trend(Summary);
        HeatJson = Heat(Summary);
        Drivers = await DriverService.ThemesAsync(Store, workspace, Query.From, Query.To);
        DriversJson = Drivers.TooFew ? null : JsonSerializer.Serialize(new
        {
            kind = "bars",
            unit = "%",
            categories = Drivers.Drivers.Select(d => d.Name),
            values = Drivers.Drivers.Select(d => Math.Round(d.Importance, 1)),
            low = Drivers.Drivers.Select(d => Math.Round(d.Importance, 1)),
            high = Drivers.Drivers.Select(d => Math.Round(d.Importance, 1)),
        }, JsonSerializerOptions.Web);
    }

    private string Link(params (string Key, string? Value)[] changes)
    {
        var values = new Dictionary<string, string?>(Raw, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in changes)
        {
            values[key] = value;
        }

        return QueryHelpers.AddQueryString("/feedback", values.Where(v => !string.IsNullOrWhiteSpace(v.Value)).Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)));
    }

    private static string? Trend(ThemeSummaryResponse summary)
    {
        var top = summary.Themes.Take(TrendLines).ToList();
        if (top.Count == 0 || summary.Months.Count < 2)
        {
            return null;
        }

        return JsonSerializer.Serialize(new
        {
            kind = "trend",
            unit = "%",
            periods = summary.Months,
            series = top.Select(t => new
            {
                name = t.Name,
                values = t.Trend.Select(m => (double?)Math.Round(m.Share, 2)).ToList(),
                low = t.Trend.Select(_ => (double?)null).ToList(),
                high = t.Trend.Select(_ => (double?)null).ToList(),
            }),
            benchmark = (object?)null,
        }, JsonSerializerOptions.Web);
    }

    private static string? Heat(ThemeSummaryResponse summary)
    {
        if (summary.Cells.Count == 0)
        {
            return null;
        }

        var themes = summary.Themes.Select(t => t.Name).ToList();
        var places = summary.Places.ToList();
        return JsonSerializer.Serialize(new
        {
            kind = "heatmap",
            themes,
            places = summary.Places,
            cells = summary.Cells.Select(c => new object?[] { places.IndexOf(c.Place), themes.IndexOf(c.Theme), c.Mentions, c.AverageSentiment is { } s ? Math.Round(s, 2) : null }),
        }, JsonSerializerOptions.Web);
    }

    /// <summary>The text cut into plain and highlighted parts; Razor encodes each part, so no markup from a customer ever renders.</summary>
    private static List<(string Text, string? Theme)> Highlight(FeedbackRow item)
    {
        var text = item.Text ?? "";
        var shown = text.Length <= MaxShownChars ? text : text[..MaxShownChars];
        var parts = new List<(string, string?)>();
        var at = 0;
        foreach (var t in item.Themes.Where(t => t.Start is not null && t.Length is not null).OrderBy(t => t.Start))
        {
            var start = t.Start!.Value;
            var end = start + t.Length!.Value;
            if (start < at || end > shown.Length)
            {
                continue; // overlapping or beyond what is shown
            }

            parts.Add((shown[at..start], null));
            parts.Add((shown[start..end], t.Name));
            at = end;
        }

        parts.Add((shown[at..] + (shown.Length < text.Length ? " …" : ""), null));
        return parts;
    }

    private static string Tone(double? score) => score switch
    {
        null => "none",
        >= 0.05 => "positive",
        <= -0.05 => "negative",
        _ => "neutral",
    };

    private static string ShiftText(ShiftResponse? shift) => shift is null
        ? "not enough months"
        : string.Create(Inv, $"{shift.Verdict}: {shift.EarlierShare:0.0}% → {shift.RecentShare:0.0}% of feedback ({(shift.PValue < 0.001 ? "p < 0.001" : $"p = {shift.PValue:0.000}")})");

    private static string NpsText(NpsImpactResponse nps) => nps.Raised is null
        ? $"too few answers (n = {nps.RaisedN.ToString("N0", Inv)})"
        : string.Create(Inv, $"{nps.Raised:+0;-0} vs {nps.Others:+0;-0} for the rest{(nps.Gap is { } g ? $" ({g:+0.0;-0.0} points, {(nps.PValue < 0.001 ? "p < 0.001" : $"p = {nps.PValue:0.000}")})" : "")}");

    private static string ChurnText(ChurnLiftResponse churn) => churn.Lift is not { } lift
        ? string.Create(Inv, $"{churn.RaisedRate:0.0}% vs {churn.OthersRate:0.0}%")
        : string.Create(Inv, $"{churn.RaisedRate:0.0}% vs {churn.OthersRate:0.0}%: {lift:0.00}× ({churn.Low:0.00} to {churn.High:0.00})");

    private static string? Date(DateTime? date) => date?.ToString("yyyy-MM-dd", Inv);
}
