using Cairn.Core.Drivers;
using Cairn.Core.Feedback;
using Cairn.Storage;

namespace Cairn.Web.Drivers;

/// <summary>One theme as a driver of NPS: its share of what themes explain, direction, and where it sits in the quadrant.</summary>
public sealed record DriverResponse(string Name, double Importance, double Contribution, double Correlation, string Direction, long Answers, double? AverageSentiment, string Quadrant);

/// <summary>
/// Key drivers of NPS among themes: R² of all themes together and each theme's Shapley share of
/// it, with the importance-versus-performance quadrant (performance = average sentiment).
/// </summary>
public sealed record DriversResponse(string Outcome, string DriversOf, long N, double? RSquared, bool TooFew, long MinimumN, IReadOnlyList<DriverResponse> Drivers);

public static class DriverService
{
    public static async Task<DriversResponse> ThemesAsync(CairnStore store, long workspaceId, DateTime? from, DateTime? to)
    {
        ArgumentNullException.ThrowIfNull(store);
        var result = KeyDrivers.Analyse(await store.ThemeDriverMomentsAsync(workspaceId, from, to));
        if (result.TooFew)
        {
            return new DriversResponse("nps", "themes", result.N, null, true, KeyDrivers.MinimumN, []);
        }

        var sentiment = (await store.ThemeCountsAsync(workspaceId, new FeedbackQuery { From = from, To = to, Competitor = "us" }))
            .ToDictionary(c => c.Name, c => c.AverageSentiment, StringComparer.OrdinalIgnoreCase);
        var average = result.Drivers.Count == 0 ? 0 : 1.0 / result.Drivers.Count;
        var performances = result.Drivers.Select(d => sentiment.GetValueOrDefault(d.Name)).Where(s => s is not null).Select(s => s!.Value).Order().ToList();
        var median = performances.Count == 0 ? 0 : performances[performances.Count / 2];
        return new DriversResponse("nps", "themes", result.N, result.RSquared, false, KeyDrivers.MinimumN, result.Drivers.Select(d =>
        {
            var performance = sentiment.GetValueOrDefault(d.Name);
            var important = d.Share >= average;
            var poor = performance is { } p && p < median;
            var quadrant = (important, poor) switch
            {
                (true, true) => "fix first",
                (true, false) => "keep up",
                (false, true) => "watch",
                _ => "maintain",
            };
            return new DriverResponse(d.Name, d.Share * 100, d.Contribution, d.Correlation, d.Correlation < 0 ? "lowers NPS" : "raises NPS", d.Count, performance, quadrant);
        }).ToList());
    }
}
