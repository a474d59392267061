using Cairn.Core.Metrics;

namespace Cairn.Web.Metrics;

/// <summary>
/// <c>GET /api/v1/benchmarks/competitive</c>: review ratings (stars of 5) of us and each competitor,
/// with intervals and each competitor's gap to us. Values are null when too few reviews.
/// </summary>
public sealed record CompetitiveResponse(string Metric, string Title, double Level, IReadOnlyList<CompanyStanding> Companies)
{
    public static CompetitiveResponse Of(IReadOnlyList<CompetitorStanding> standings, double level) =>
        new(ReviewRating.Instance.Key, ReviewRating.Instance.Title, level, standings.Select(CompanyStanding.Of).ToList());
}

public sealed record CompanyStanding(string Name, bool IsUs, double? Value, double? Low, double? High, long N, bool TooFew, double? PositiveShare, ChangeResponse? Gap, string? Verdict)
{
    public static CompanyStanding Of(CompetitorStanding s)
    {
        var stated = !s.Rating.TooFew;
        return new CompanyStanding(s.Name, s.IsUs, stated ? s.Rating.Value : null, stated ? s.Rating.Low : null, stated ? s.Rating.High : null,
            s.Rating.N, s.Rating.TooFew, stated ? s.PositiveShare : null,
            s.GapToUs is { } g ? new ChangeResponse(g.Delta, g.Low, g.High, g.PValue, g.Significant, s.Verdict!) : null, s.Verdict);
    }
}
