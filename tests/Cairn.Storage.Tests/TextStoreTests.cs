using Cairn.Core.Customers;
using Cairn.Core.Feedback;
using Cairn.Core.Ingestion;
using Cairn.Core.Surveys;
using Cairn.Core.Text;
using Cairn.Core.Workspaces;
using Cairn.Testing;

namespace Cairn.Storage.Tests;

public sealed class TextStoreTests(Engines engines)
{
    private static readonly DateTime At = new(2026, 10, 15, 12, 0, 0, DateTimeKind.Utc);

    private const string Complaint = "I was on hold for 45 minutes. The agent was rude and I am furious!";
    private const string Praise = "Thank you, the app is easy to use and the price is fair.";
    private const string French = "Le service était très lent et je ne suis pas content du tout.";
    private const string Roaming = "Roaming charges in Spain were 100% a surprise_ nobody warned me.";

    private static async Task<(CairnStore, long)> Seed(Engines engines, StorageEngine engine)
    {
        var store = engines.Open(engine);
        var workspace = (await store.EnsureWorkspaceAsync("t", Industry.Telecommunications)).Id;
        await store.IngestAsync(workspace, IngestBatch.OfCustomers([
            CustomerProfile.Minimal("c1") with { Segment = "business" },
            CustomerProfile.Minimal("c2") with { Segment = "consumer" },
        ]));
        var survey = store.CreateSurvey(workspace, "NPS", SurveyKind.Nps, null, """{"pages":[]}""");
        store.ImportResponses(workspace, [
            new SurveyResponse("r1", survey, 1, "c1", true, null, null, "email", "en", At, At, [new Answer("nps", 2, null)]),
            new SurveyResponse("r2", survey, 1, "c2", true, null, null, "email", "en", At, At, [new Answer("nps", 10, null)]),
        ]);
        var outcome = await store.IngestAsync(workspace, IngestBatch.OfFeedback([
            Item("f1", "c1", Complaint) with { ResponseId = "r1" },
            Item("f2", "c2", Praise),
            Item("f3", "c2", French),
            Item("f4", "c1", Roaming, At.AddMonths(-1)),
        ]));
        Assert.Equal(4, outcome.Accepted);
        return (store, workspace);
    }

    private static FeedbackItem Item(string id, string customer, string text, DateTime? at = null) =>
        new(id, FeedbackSource.SurveyComment, customer, null, null, null, null, text, at ?? At, "web", null);

    private static FeedbackQuery Query(params (string Key, string Value)[] values)
    {
        var errors = new List<ItemError>();
        var query = FeedbackQuery.Parse(values.ToDictionary(v => v.Key, v => (string?)v.Value), errors);
        Assert.Empty(errors);
        return query;
    }

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task Feedback_IsAnalysedAtIngestion_AndStoredWithItsEvidence(StorageEngine engine)
    {
        var (store, workspace) = await Seed(engines, engine);
        await using var _ = store;

        var page = await store.FeedbackPageAsync(workspace, Query());
        Assert.Equal(4, page.Total);
        var complaint = page.Items.Single(i => i.Id == "f1");
        Assert.Equal("negative", complaint.SentimentLabel);
        Assert.Equal("en", complaint.Language);
        Assert.Contains("frustration", complaint.Emotions);
        var wait = complaint.Themes.Single(t => t.Name == "Wait time");
        Assert.Equal("on hold", wait.Evidence);
        Assert.Equal("on hold", Complaint.Substring(wait.Start!.Value, wait.Length!.Value));
        Assert.Contains(complaint.Themes, t => t.Name == "Staff attitude");

        var praise = page.Items.Single(i => i.Id == "f2");
        Assert.Equal("positive", praise.SentimentLabel);
        Assert.Contains("delight", praise.Emotions);
        Assert.Equal(["Ease of use (site and app)", "Billing and price"], praise.Themes.Select(t => t.Name));

        var french = page.Items.Single(i => i.Id == "f3");
        Assert.Equal("fr", french.Language);
        Assert.Equal("unsupported", french.SentimentLabel);
        Assert.Null(french.SentimentScore);
        Assert.Empty(french.Themes);
    }

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task Explorer_Filters_NarrowTheVerbatims(StorageEngine engine)
    {
        var (store, workspace) = await Seed(engines, engine);
        await using var _ = store;

        async Task<string[]> Ids(params (string, string)[] filter) => [.. (await store.FeedbackPageAsync(workspace, Query(filter))).Items.Select(i => i.Id).Order()];

        Assert.Equal(["f1"], await Ids(("theme", "wait time")));
        Assert.Equal(["f1", "f4"], await Ids(("sentiment", "negative"))); // "nobody warned me" reads as a complaint
        Assert.Equal(["f3"], await Ids(("sentiment", "unsupported")));
        Assert.Equal(["f2"], await Ids(("emotion", "delight")));
        Assert.Equal(["f2", "f3"], await Ids(("segment", "Consumer")));
        Assert.Equal(["f4"], await Ids(("q", "100% a surprise_")));
        Assert.Empty(await Ids(("q", "100%% a")));
        Assert.Equal(["f1", "f2", "f3"], await Ids(("from", "2026-10-01")));
        Assert.Equal(["f1"], await Ids(("touchpoint", "Survey comment"), ("theme", "Staff attitude")));
        Assert.Empty(await Ids(("theme", "no such theme")));
    }

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task ThemeAggregates_CountMentions_Months_Places_AndNps(StorageEngine engine)
    {
        var (store, workspace) = await Seed(engines, engine);
        await using var _ = store;
        var themes = (await store.ThemesAsync(workspace)).ToDictionary(t => t.Name, t => t.Id);

        var counts = await store.ThemeCountsAsync(workspace, Query());
        var billing = counts.Single(c => c.Name == "Billing and price");
        Assert.Equal(2, billing.Mentions); // "price" in f2, "charges" in f4
        Assert.Equal(2, billing.Customers);

        var trend = await store.ThemeTrendAsync(workspace, Query());
        Assert.Equal(3, trend.Single(t => t.ThemeId == 0 && t.Month == new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc)).Mentions);
        Assert.Equal(1, trend.Single(t => t.ThemeId == themes["Billing and price"] && t.Month.Month == 9).Mentions);

        var places = await store.ThemePlacesAsync(workspace, Query());
        Assert.Contains(places, p => p.ThemeId == themes["Wait time"] && p.Place == "Survey comment" && p.Mentions == 1);

        var nps = await store.NpsByThemeAsync(workspace, null, null);
        Assert.Equal(2, nps[0].N);
        Assert.Equal(1, nps[themes["Wait time"]].N); // only c1 (a detractor) raised waiting
        Assert.Equal(1, nps[themes["Wait time"]].Bad);
    }

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task ChurnByTheme_CountsRaisersWhoLeft_AgainstEveryoneWithFeedback(StorageEngine engine)
    {
        var (store, workspace) = await Seed(engines, engine);
        await using var _ = store;
        await store.IngestAsync(workspace, IngestBatch.OfCustomers([
            CustomerProfile.Minimal("c1") with { Status = CustomerStatus.Churned, ChurnedAt = At.AddDays(20), ChurnType = ChurnType.Voluntary },
        ]));
        var themes = (await store.ThemesAsync(workspace)).ToDictionary(t => t.Name, t => t.Id);

        var churn = await store.ChurnByThemeAsync(workspace, new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc), null);

        Assert.Equal((2L, 1L), churn[0]); // c1 and c2 gave feedback since October; c1 left
        Assert.Equal((1L, 1L), churn[themes["Wait time"]]); // only c1 raised waiting, and left
        Assert.Equal((1L, 0L), churn[themes["Ease of use (site and app)"]]); // c2 praised the app and stayed
    }

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task SentimentMetric_IsTalliedFromFeedback_AndSlicedLikeAnyScore(StorageEngine engine)
    {
        var (store, workspace) = await Seed(engines, engine);
        await using var _ = store;
        var errors = new List<ItemError>();
        var query = Cairn.Core.Metrics.MetricQuery.Parse("sentiment", "segment", null, null, null, null, null, "1", errors)!;
        Assert.Empty(errors);

        var report = Cairn.Core.Metrics.MetricReport.Build(query, await store.TallyScoresAsync(workspace, query));

        Assert.Equal(3, report.Overall.N); // the French comment has no score
        var business = report.Slices.Single(s => s.Key == "business");
        var consumer = report.Slices.Single(s => s.Key == "consumer");
        Assert.Equal(2, business.Estimate.N);
        Assert.True(business.Estimate.Value < 0);
        Assert.Equal(1, consumer.Estimate.N);
        Assert.True(consumer.Estimate.Value > 0);
    }

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task Reprocess_AfterATaxonomyEdit_FindsTheNewThemeAndDropsTheOld(StorageEngine engine)
    {
        var (store, workspace) = await Seed(engines, engine);
        await using var _ = store;
        var edited = (await store.ThemesAsync(workspace)).Where(t => t.Name != "Wait time").Select(t => new ThemeDefinition(t.Name, t.Phrases)).ToList();
        edited.Add(new ThemeDefinition("Roaming", ["roaming", "abroad"]));

        Assert.Empty(await store.SaveThemesAsync(workspace, edited));
        Assert.DoesNotContain(await store.ThemeCountsAsync(workspace, Query()), c => c.Name is "Roaming" or "Wait time");

        var progress = new List<(long, long)>();
        var done = await store.ReprocessTextAsync(workspace, new SyncProgress(progress));
        Assert.Equal(4, done);
        Assert.Equal((4L, 4L), progress[^1]);
        Assert.Equal(1, (await store.ThemeCountsAsync(workspace, Query())).Single(c => c.Name == "Roaming").Mentions);

        // Reprocessing again changes nothing: themes are replaced, not added twice.
        await store.ReprocessTextAsync(workspace);
        var counts = await store.ThemeCountsAsync(workspace, Query());
        Assert.Equal(1, counts.Single(c => c.Name == "Roaming").Mentions);
        Assert.Equal(2, counts.Single(c => c.Name == "Billing and price").Mentions);
    }

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task BadTaxonomy_IsRefusedWithReasons_AndNothingChanges(StorageEngine engine)
    {
        var (store, workspace) = await Seed(engines, engine);
        await using var _ = store;
        var before = await store.ThemesAsync(workspace);

        var problems = await store.SaveThemesAsync(workspace, [new ThemeDefinition("A", ["ok"]), new ThemeDefinition("a", ["!!!"]), new ThemeDefinition("", ["x"])]);

        Assert.Equal(3, problems.Count);
        Assert.Equal(before.Select(t => t.Name), (await store.ThemesAsync(workspace)).Select(t => t.Name));
    }

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task RetriedFeedback_DoesNotDuplicateItsThemes(StorageEngine engine)
    {
        var (store, workspace) = await Seed(engines, engine);
        await using var _ = store;

        var retry = await store.IngestAsync(workspace, IngestBatch.OfFeedback([Item("f1", "c1", Complaint)]));

        Assert.Equal(0, retry.Accepted);
        Assert.Equal(1, (await store.ThemeCountsAsync(workspace, Query())).Single(c => c.Name == "Wait time").Mentions);
    }

    /// <summary>Progress that records synchronously (Progress&lt;T&gt; posts to the thread pool, so its last report may come late).</summary>
    private sealed class SyncProgress(List<(long, long)> seen) : IProgress<(long Done, long Total)>
    {
        public void Report((long Done, long Total) value) => seen.Add(value);
    }
}
