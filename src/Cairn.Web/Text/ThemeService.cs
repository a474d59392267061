using System.Globalization;
using Cairn.Core.Feedback;
using Cairn.Core.Metrics;
using Cairn.Core.Text;
using Cairn.Storage;

namespace Cairn.Web.Text;

/// <summary>One path from the store's theme tallies to what the API and the explorer page show.</summary>
public static class ThemeService
{
    /// <summary>Months compared for "rising": the latest three against the three before.</summary>
    public const int ShiftWindow = 3;

    public const int MaxPlaces = 8;

    public static async Task<ThemeSummaryResponse> SummaryAsync(CairnStore store, long workspaceId, FeedbackQuery query)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(query);
        var counts = await store.ThemeCountsAsync(workspaceId, query);
        var trend = await store.ThemeTrendAsync(workspaceId, query);
        var places = await store.ThemePlacesAsync(workspaceId, query);
        var nps = await store.NpsByThemeAsync(workspaceId, query.From, query.To);
        var churn = await store.ChurnByThemeAsync(workspaceId, query.From, query.To);
        var everyoneChurn = churn.GetValueOrDefault(0);

        var totals = trend.Where(t => t.ThemeId == 0).ToDictionary(t => t.Month, t => t.Mentions);
        var months = totals.Keys.Order().ToList();
        var feedback = totals.Values.Sum();
        var byTheme = trend.Where(t => t.ThemeId != 0).GroupBy(t => t.ThemeId).ToDictionary(g => g.Key, g => g.ToDictionary(t => t.Month, t => t.Mentions));
        var everyone = nps.GetValueOrDefault(0) ?? ScoreTally.Empty;

        var rows = counts.Select(c =>
        {
            var monthly = byTheme.GetValueOrDefault(c.ThemeId) ?? [];
            var series = months.Select(m => new MonthCount(Label(m), monthly.GetValueOrDefault(m), totals[m] == 0 ? 0 : 100.0 * monthly.GetValueOrDefault(m) / totals[m])).ToList();
            return new ThemeSummaryRow(
                c.ThemeId, c.Name, c.Mentions, c.Customers, feedback == 0 ? 0 : 100.0 * c.Mentions / feedback, c.AverageSentiment,
                c.Mentions == 0 ? 0 : 100.0 * c.Negative / c.Mentions, series, Shift(months, totals, monthly),
                Impact(ThemeNpsImpact.Of(nps.GetValueOrDefault(c.ThemeId) ?? ScoreTally.Empty, everyone)),
                Lift(churn.GetValueOrDefault(c.ThemeId), everyoneChurn));
        }).ToList();

        var names = counts.ToDictionary(c => c.ThemeId, c => c.Name);
        var topPlaces = places.GroupBy(p => p.Place).OrderByDescending(g => g.Sum(p => p.Mentions)).Take(MaxPlaces).Select(g => g.Key).ToList();
        var cells = places.Where(p => topPlaces.Contains(p.Place) && names.ContainsKey(p.ThemeId))
            .Select(p => new PlaceCell(names[p.ThemeId], p.Place, p.Mentions, p.AverageSentiment)).ToList();
        return new ThemeSummaryResponse(feedback, months.Select(Label).ToList(), rows, topPlaces, cells);
    }

    private static ShiftResponse? Shift(List<DateTime> months, Dictionary<DateTime, long> totals, Dictionary<DateTime, long> monthly)
    {
        if (months.Count < 2 * ShiftWindow)
        {
            return null;
        }

        var recent = months.TakeLast(ShiftWindow).ToList();
        var earlier = months.SkipLast(ShiftWindow).TakeLast(ShiftWindow).ToList();
        var shift = ThemeShift.Between(recent.Sum(monthly.GetValueOrDefault), recent.Sum(m => totals[m]), earlier.Sum(monthly.GetValueOrDefault), earlier.Sum(m => totals[m]));
        return shift is null ? null : new ShiftResponse(shift.RecentShare, shift.EarlierShare, shift.PValue, shift.Significant, shift.Verdict);
    }

    private static ChurnLiftResponse Lift((long Customers, long Churned) raised, (long Customers, long Churned) everyone)
    {
        var r = RiskRatio.Of(raised.Churned, raised.Customers, everyone.Churned - raised.Churned, everyone.Customers - raised.Customers);
        return new ChurnLiftResponse(r.ExposedRate, r.Exposed, r.OtherRate, r.Others, r.Lift, r.Low, r.High, r.Significant);
    }

    private static NpsImpactResponse Impact(ThemeNpsImpact impact) => new(
        impact.Raised.TooFew ? null : impact.Raised.Value, impact.Raised.N,
        impact.Others.TooFew ? null : impact.Others.Value, impact.Others.N,
        impact.Gap?.Delta, impact.Gap?.Low, impact.Gap?.High, impact.Gap?.PValue, impact.Gap?.Verdict);

    private static string Label(DateTime month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
