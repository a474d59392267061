using Cairn.Core.Alerts;
using Cairn.Core.Metrics;
using Cairn.Storage;

namespace Cairn.Web.Outbound;

/// <summary>Looks for this week's alerts in a workspace and raises the new ones (each raises "alert.raised" webhooks).</summary>
public static class AlertService
{
    /// <summary>Checks the last complete week against the four before it; returns the alerts raised now (already-raised ones are not repeated).</summary>
    public static async Task<IReadOnlyList<AlertDraft>> SweepAsync(CairnStore store, long workspaceId, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(store);
        var (baselineStart, start, end) = AlertDetector.Windows(now);
        var found = new List<AlertDraft>();
        foreach (var metric in ScoreMetric.All)
        {
            var baseline = await TallyAsync(store, workspaceId, metric, baselineStart, start);
            var current = await TallyAsync(store, workspaceId, metric, start, end);
            if (AlertDetector.MetricDrop(metric, baseline, current, start, end) is { } drop)
            {
                found.Add(drop);
            }
        }

        var (themes, currentTotal, baselineTotal) = await store.ThemeWindowCountsAsync(workspaceId, baselineStart, start, end);
        found.AddRange(AlertDetector.ThemeSurges(themes, currentTotal, baselineTotal, start, end));
        var raised = new List<AlertDraft>();
        foreach (var alert in found)
        {
            if (await store.RaiseAlertAsync(workspaceId, alert))
            {
                raised.Add(alert);
            }
        }

        return raised;
    }

    private static async Task<ScoreTally> TallyAsync(CairnStore store, long workspaceId, ScoreMetric metric, DateTime from, DateTime to) =>
        (await store.TallyScoresAsync(workspaceId, new MetricQuery(metric, null, null, from, to, []))).Aggregate(ScoreTally.Empty, (sum, row) => sum + row.Tally);
}
