using Cairn.Core.Customers;
using Cairn.Core.Events;
using Cairn.Core.Feedback;
using Cairn.Core.Ingestion;
using Cairn.Core.Surveys;
using Cairn.Core.Workspaces;
using Cairn.Testing;

namespace Cairn.Storage.Tests;

public sealed class CustomerHealthStoreTests(Engines engines)
{
    private static readonly DateTime AsOf = new(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);

    private static async Task<long> SeedAsync(CairnStore store, string name)
    {
        var ws = (await store.EnsureWorkspaceAsync(name, Industry.Telecommunications)).Id;
        var signup = AsOf.AddYears(-1);
        CustomerProfile Customer(string id, DateTime? churnedAt = null, ChurnType? type = null) => CustomerProfile.Minimal(id) with
        {
            SignupAt = signup, MonthlyRevenue = 40, Status = churnedAt is null ? null : CustomerStatus.Churned, ChurnedAt = churnedAt, ChurnType = type,
        };
        await store.IngestAsync(ws, IngestBatch.OfCustomers(
        [
            Customer("sad", AsOf.AddDays(40), ChurnType.Voluntary), Customer("happy"), Customer("gone", AsOf.AddDays(-5), ChurnType.Voluntary),
            Customer("new") with { SignupAt = AsOf.AddDays(-10) },
        ]));
        var nps = store.CreateSurvey(ws, "Relationship NPS", SurveyKind.Nps, null, """{"pages":[{"elements":[{"type":"rating","name":"nps","rateMin":0,"rateMax":10}]}]}""");
        SurveyResponse Answer(string id, string customer, double score, DateTime at) => new(id, nps, 1, customer, true, null, null, "email", "en", at, at, [new Answer("nps", score, null)]);
        store.ImportResponses(ws,
        [
            Answer("r1", "sad", 9, AsOf.AddDays(-100)), Answer("r2", "sad", 2, AsOf.AddDays(-10)), Answer("r3", "happy", 10, AsOf.AddDays(-20)),
            Answer("r4", "happy", 0, AsOf.AddDays(3)), // after the cut-off: must not count
        ]);
        await store.IngestAsync(ws, IngestBatch.OfFeedback([.. Enumerable.Range(0, 3).Select(i => new FeedbackItem(
            $"t{i}", FeedbackSource.Ticket, "sad", null, null, null, null, "Still no signal, this is awful and nobody helps.", AsOf.AddDays(-5 - 20 * i), "phone", null))]));
        var events = new List<TrackEvent>();
        for (var i = 0; i < 20; i++)
        {
            events.Add(new TrackEvent($"s{i}", "sad", "app_login", AsOf.AddDays(-31 - (i * 2)), "app", null));
            events.Add(new TrackEvent($"h{i}", "happy", "app_login", AsOf.AddDays(-1 - (i * 4)), "app", null));
        }

        events.Add(new TrackEvent("s-recent", "sad", "app_login", AsOf.AddDays(-3), "app", null));
        await store.IngestAsync(ws, IngestBatch.OfEvents(events));
        await store.AddRecordsAsync(ws,
        [
            new CustomerRecord("rn-sad", "sad", RecordKind.Renewal, AsOf.AddDays(20), null, null, null),
            new CustomerRecord("rt-sad", "sad", RecordKind.Return, AsOf.AddDays(-30), 99, "EUR", null),
            new CustomerRecord("rn-happy", "happy", RecordKind.Renewal, AsOf.AddDays(200), null, null, null),
        ]);
        return ws;
    }

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task Health_IsComputedFromDataBeforeTheCutOff_ForActiveCustomers(StorageEngine engine)
    {
        await using var store = engines.Open(engine);
        var ws = await SeedAsync(store, "health");

        var run = await store.RecomputeHealthAsync(ws, AsOf);

        Assert.Equal(3, run.Customers); // "gone" had left before the cut-off
        var sad = (await store.CustomerHealthAsync(ws, "sad"))!;
        Assert.Equal(new HealthInputs("sad", 2, null, null, sad.Inputs.Sentiment, 3, 1, 20, 1, AsOf.AddDays(20), AsOf.AddYears(-1), AsOf.AddDays(-5), 40), sad.Inputs);
        Assert.True(sad.Inputs.Sentiment < -0.05);
        Assert.Equal(HealthModel.Assess(sad.Inputs, AsOf).Score, sad.Score);
        Assert.Equal(("at_risk", "after_failed_contact"), (sad.Band, sad.Moment));
        var happy = (await store.CustomerHealthAsync(ws, "happy"))!;
        Assert.Equal((10.0, (DateTime?)null, "healthy"), (happy.Inputs.LastNps!.Value, happy.Inputs.RenewalAt, happy.Band)); // the 0 came after; the renewal is beyond 90 days
        Assert.Null(await store.CustomerHealthAsync(ws, "gone"));

        var (list, total) = await store.AtRiskAsync(ws, null, 10, 0);
        Assert.Equal(["sad"], list.Select(r => r.Inputs.CustomerId)); // "new" is early in onboarding but healthy: not listed
        Assert.Equal(1, total);
        Assert.Empty((await store.AtRiskAsync(ws, RiskMoment.BeforeRenewal, 10, 0)).Rows);

        Assert.Equal((3L, 1L), (run.Customers, run.AtRisk));
        await store.RecomputeHealthAsync(ws, AsOf); // a second run replaces, never adds
        Assert.Equal(1, (await store.AtRiskAsync(ws, null, 10, 0)).Total);
    }

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task Validation_ChecksTheCutOffScoreAgainstWhoLeftAfter(StorageEngine engine)
    {
        await using var store = engines.Open(engine);
        var ws = await SeedAsync(store, "health-validation");

        var report = await store.ValidateHealthAsync(ws, AsOf, 90);

        Assert.Equal((3L, 1L), (report.Customers, report.All.Churned)); // sad left 40 days after
        Assert.Equal(1.0, report.Auc); // and had the lowest score
        Assert.Equal(1L, report.AtRiskList.Churned);
        Assert.Null((await store.ValidateHealthAsync(ws, AsOf, 30)).Auc); // nobody left within 30 days
    }

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task Outreach_OpensOneCasePerAtRiskCustomer_UntilItIsResolved(StorageEngine engine)
    {
        await using var store = engines.Open(engine);
        var ws = await SeedAsync(store, "health-outreach");
        await store.RecomputeHealthAsync(ws, AsOf);

        var opened = await store.OpenOutreachCasesAsync(ws, ["sad", "happy", "nobody", "sad"], "kim@example.com", 72, AsOf);
        var again = await store.OpenOutreachCasesAsync(ws, ["sad"], null, 72, AsOf);

        var id = Assert.Single(opened); // happy is healthy, nobody unknown, sad named twice
        Assert.Empty(again);
        Assert.Equal(id, (await store.CustomerHealthAsync(ws, "sad"))!.OpenOutreachCase);
        var detail = (await store.CaseAsync(ws, id))!;
        Assert.Equal(("sad", "health", "kim@example.com"), (detail.Case.CustomerId, detail.Case.SourceKind, detail.Case.Owner));
        Assert.StartsWith("Proactive outreach: after failed contact", detail.Case.RuleName, StringComparison.Ordinal);
    }
}
