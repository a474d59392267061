using Cairn.Core.Customers;
using Cairn.Core.Ingestion;
using Cairn.Core.Metrics;
using Cairn.Core.Surveys;
using Cairn.Core.Workspaces;
using Cairn.Testing;

namespace Cairn.Storage.Tests;

public sealed class MetricsStoreTests(Engines engines)
{
    private static readonly DateTime October = new(2026, 10, 15, 12, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime November = new(2026, 11, 3, 23, 30, 0, DateTimeKind.Utc);

    /// <summary>
    /// Business: scores 10, 9, 9, 3 in October (NPS 50) and 10, 0 in November (NPS 0); consumer: 7, 8
    /// in November (NPS 0); one answer out of scale (11) and one CSAT answer that NPS must ignore.
    /// </summary>
    private static async Task<(CairnStore, long)> Seed(Engines engines, StorageEngine engine)
    {
        var store = engines.Open(engine);
        var workspace = (await store.EnsureWorkspaceAsync("m", Industry.Retail)).Id;
        await store.IngestAsync(workspace, IngestBatch.OfCustomers([
            CustomerProfile.Minimal("b1") with { Segment = "business" },
            CustomerProfile.Minimal("b2") with { Segment = "business" },
            CustomerProfile.Minimal("k1") with { Segment = "consumer" },
        ]));
        var survey = store.CreateSurvey(workspace, "NPS", SurveyKind.Nps, null, """{"pages":[]}""");
        var n = 0;
        SurveyResponse Response(string customer, DateTime at, string question, double score, string channel = "email") =>
            new($"r{n++}", survey, 1, customer, true, null, null, channel, "en", at, at, [new Answer(question, score, null)]);
        store.ImportResponses(workspace, [
            Response("b1", October, "nps", 10), Response("b2", October, "nps", 9), Response("b1", October, "nps", 9), Response("b2", October, "nps", 3),
            Response("b1", November, "nps", 10, "web"), Response("b2", November, "nps", 0, "web"),
            Response("k1", November, "nps", 7), Response("k1", November, "nps", 8),
            Response("k1", November, "nps", 11), Response("k1", November, "csat", 5),
        ]);
        return (store, workspace);
    }

    private static MetricQuery Query(string by = "", string period = "", string filter = "", string from = "", string to = "")
    {
        var errors = new List<ItemError>();
        return MetricQuery.Parse("nps", by, period, from, to, filter, null, "1", errors) ?? throw new InvalidOperationException(string.Join("; ", errors));
    }

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task NpsBySegmentAndMonth_IsCountedInSql_AsByHand(StorageEngine engine)
    {
        var (store, workspace) = await Seed(engines, engine);
        await using var _ = store;

        var report = MetricReport.Build(Query("segment", "month"), await store.TallyScoresAsync(workspace, Query("segment", "month")));

        Assert.Equal(8, report.Overall.N); // the out-of-scale 11 and the CSAT answer are not counted
        Assert.Equal(25, report.Overall.Value, 9); // 4 promoters, 2 detractors of 8
        Assert.Equal(
            [("business · 2026-10", 4L, 50.0), ("business · 2026-11", 2L, 0.0), ("consumer · 2026-11", 2L, 0.0)],
            report.Slices.Select(s => (s.Key, s.Estimate.N, s.Estimate.Value)));
        Assert.NotNull(report.Slices[1].Change);
    }

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task FiltersAndDates_NarrowTheAnswers(StorageEngine engine)
    {
        var (store, workspace) = await Seed(engines, engine);
        await using var _ = store;

        var web = await store.TallyScoresAsync(workspace, Query(filter: "channel:web"));
        var novemberBusiness = await store.TallyScoresAsync(workspace, Query(filter: "segment:business", from: "2026-11-01", to: "2026-12-01"));
        var weekly = await store.TallyScoresAsync(workspace, Query(period: "week"));

        Assert.Equal(2, web.Sum(r => r.Tally.N));
        Assert.Equal((2L, 1L, 1L), (novemberBusiness.Sum(r => r.Tally.N), novemberBusiness.Sum(r => r.Tally.Good), novemberBusiness.Sum(r => r.Tally.Bad)));
        // 2026-11-03 23:30 UTC is in the ISO week starting Monday 2 November, whatever the server's time zone.
        Assert.Contains(weekly, r => r.PeriodStart == new DateTime(2026, 11, 2, 0, 0, 0, DateTimeKind.Utc) && r.Tally.N == 4);
        Assert.Contains(weekly, r => r.PeriodStart == new DateTime(2026, 10, 12, 0, 0, 0, DateTimeKind.Utc) && r.Tally.N == 4);
    }
}

public sealed class ChurnStoreTests(Engines engines)
{
    private static DateTime Day(int month, int day) => new(2026, month, day, 0, 0, 0, DateTimeKind.Utc);

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task ChurnByMonth_CountsCustomersAtStart_AndThoseLost(StorageEngine engine)
    {
        await using var store = engines.Open(engine);
        var workspace = (await store.EnsureWorkspaceAsync("c", Industry.Retail)).Id;
        await store.IngestAsync(workspace, IngestBatch.OfCustomers([
            CustomerProfile.Minimal("a") with { Segment = "x", SignupAt = Day(1, 5) },
            CustomerProfile.Minimal("b") with { Segment = "x", SignupAt = Day(1, 5), Status = CustomerStatus.Churned, ChurnedAt = Day(3, 10), ChurnType = ChurnType.Voluntary },
            CustomerProfile.Minimal("c") with { Segment = "y", SignupAt = Day(1, 5), Status = CustomerStatus.Churned, ChurnedAt = Day(4, 2), ChurnType = ChurnType.Involuntary },
            CustomerProfile.Minimal("d") with { Segment = "y", SignupAt = Day(3, 20) },                                                                                  // joins mid-March
            CustomerProfile.Minimal("e") with { Segment = "y", SignupAt = Day(3, 2), Status = CustomerStatus.Churned, ChurnedAt = Day(3, 25), ChurnType = ChurnType.Voluntary }, // in and out within March
        ]));
        var errors = new List<ItemError>();
        var query = MetricQuery.Parse("churn", null, "month", "2026-03-01", "2026-05-01", null, null, "1", errors)!;

        var rows = await store.TallyChurnAsync(workspace, query, ChurnMetric.Periods(query.From!.Value, query.To!.Value, Period.Month));

        // March: a, b, c at start; b lost (voluntary). April: a, c, d at start; c lost (involuntary).
        Assert.Equal(
            [(Day(3, 1), new ChurnTally(3, 1, 1, 0)), (Day(4, 1), new ChurnTally(3, 1, 0, 1))],
            rows.OrderBy(r => r.PeriodStart).Select(r => (r.PeriodStart!.Value, r.Tally)));
        var bySegment = await store.TallyChurnAsync(workspace, query with { By = Dimension.Segment, Period = null }, [(Day(3, 1), Day(5, 1))]);
        Assert.Equal([("x", 2L, 1L), ("y", 1L, 1L)], bySegment.OrderBy(r => r.Group).Select(r => (r.Group!, r.Tally.AtStart, r.Tally.Lost)));
    }
}

public sealed class ReviewRatingStoreTests(Engines engines)
{
    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task ReviewRatings_ArePerCompany_OnFiveStars_AndHonourDates(StorageEngine engine)
    {
        await using var store = engines.Open(engine);
        var workspace = (await store.EnsureWorkspaceAsync("r", Industry.Retail)).Id;
        var october = new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);
        await store.IngestAsync(workspace, IngestBatch.OfFeedback([
            new("a", Cairn.Core.Feedback.FeedbackSource.Review, null, null, 4, 5, null, "good", october, "web", null),
            new("b", Cairn.Core.Feedback.FeedbackSource.Review, null, null, 2, 5, null, "bad", october.AddMonths(1), "web", null),
            new("c", Cairn.Core.Feedback.FeedbackSource.Review, null, "Rival", 10, 10, null, "great", october, "web", null),
            new("d", Cairn.Core.Feedback.FeedbackSource.Ticket, null, null, 1, 5, null, "a ticket is not a review", october, "phone", null),
        ]));

        var all = (await store.TallyReviewRatingsAsync(workspace, null, null)).OrderBy(r => r.Competitor).ToList();
        var octoberOnly = await store.TallyReviewRatingsAsync(workspace, october, october.AddMonths(1));

        Assert.Equal([(null, 2L, 6.0, 1L, 1L), ("Rival", 1L, 5.0, 1L, 0L)], all.Select(r => (r.Competitor, r.Tally.N, r.Tally.Sum, r.Tally.Good, r.Tally.Bad)));
        Assert.Equal(2, octoberOnly.Sum(r => r.Tally.N));
    }
}
