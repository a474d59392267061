using Cairn.Core.Cases;
using Cairn.Core.Customers;
using Cairn.Core.Feedback;
using Cairn.Core.Ingestion;
using Cairn.Core.Journeys;
using Cairn.Core.Surveys;
using Cairn.Core.Workspaces;
using Cairn.Testing;

namespace Cairn.Storage.Tests;

public sealed class CaseStoreTests(Engines engines)
{
    private static readonly DateTime Now = new(2026, 10, 1, 12, 0, 0, DateTimeKind.Utc);

    private sealed record World(long Workspace, long Nps, long Ces, long SupportCall);

    /// <summary>
    /// Five customers: c1 (enterprise) and c3 are detractors, c2 a promoter who wrote a negative
    /// review about billing, c4 and c5 rated the support call's effort 6 and 2. A competitor review
    /// and an old detractor answer (before the rules start) must open nothing.
    /// </summary>
    private static async Task<World> SeedAsync(CairnStore store)
    {
        var ws = (await store.EnsureWorkspaceAsync("cases", Industry.Telecommunications)).Id;
        store.CreateJourney(ws, new JourneyDefinition("Service", null, null, null, JourneyState.Current,
        [
            new StageDefinition("Service and Use", null, null, [new TouchpointDefinition("Support call", "phone", true, "support-lead@example.com", ["support_call"])]),
        ]));
        await store.CreateUserAsync("support-lead@example.com", "not-a-password-hash", ws, "case_owner");
        var support = (await store.ListTouchpointsAsync(ws)).Single(t => t.Name == "Support call");
        CustomerProfile Customer(string id, string segment) => CustomerProfile.Minimal(id) with { Segment = segment, Email = id + "@example.com" };
        await store.IngestAsync(ws, IngestBatch.OfCustomers([Customer("c1", "enterprise"), Customer("c2", "consumer"), Customer("c3", "consumer"), Customer("c4", "consumer"), Customer("c5", "enterprise")]));
        var nps = store.CreateSurvey(ws, "NPS", SurveyKind.Nps, null, """{"pages":[{"elements":[{"type":"rating","name":"nps","rateMin":0,"rateMax":10}]}]}""");
        var ces = store.CreateSurvey(ws, "CES", SurveyKind.Ces, support.Id, """{"pages":[{"elements":[{"type":"rating","name":"ces","rateMin":1,"rateMax":7}]}]}""");
        SurveyResponse Answer(string id, long survey, string customer, string question, int score, DateTime at, long? touchpoint = null) =>
            new(id, survey, 1, customer, true, touchpoint, touchpoint is null ? null : support.StageId, "email", "en", at, at, [new Answer(question, score, null)]);
        store.ImportResponses(ws,
        [
            Answer("r-old", nps, "c3", "nps", 2, Now.AddDays(-60)),
            Answer("r1", nps, "c1", "nps", 3, Now.AddDays(-5)),
            Answer("r2", nps, "c2", "nps", 9, Now.AddDays(-5)),
            Answer("r3", nps, "c3", "nps", 6, Now.AddDays(-4)),
            Answer("r4", ces, "c4", "ces", 6, Now.AddDays(-3), support.Id),
            Answer("r5", ces, "c5", "ces", 2, Now.AddDays(-3), support.Id),
        ]);
        await store.IngestAsync(ws, IngestBatch.OfFeedback(
        [
            new FeedbackItem("rev-1", FeedbackSource.Review, "c2", null, 1, 5, null, "Terrible billing, I was overcharged twice and nobody refunded me. Awful.", Now.AddDays(-2), "web", null),
            new FeedbackItem("rev-2", FeedbackSource.Review, null, "Brightwave", 1, 5, null, "Awful billing, overcharged again, terrible.", Now.AddDays(-2), "web", null),
            new FeedbackItem("rev-3", FeedbackSource.Review, "c5", null, 5, 5, null, "Lovely staff, great value, very happy.", Now.AddDays(-2), "web", null),
        ]));
        return new World(ws, nps, ces, support.Id);
    }

    private static CaseCondition Rule(string text) => CaseConditionParser.Parse(text, new List<string>()) ?? throw new ArgumentException(text);

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task Rules_OpenOneCasePerMatchingItem_RoutedToTheMostSpecificOwner(StorageEngine engine)
    {
        await using var store = engines.Open(engine);
        var w = await SeedAsync(store);
        var since = Now.AddDays(-30);
        await store.CreateCaseRuleAsync(w.Workspace, "Detractor follow-up", Rule("nps <= 6"), null, 48, since, "test");
        await store.CreateCaseRuleAsync(w.Workspace, "High effort", Rule("ces >= 5 and touchpoint = 'support call'"), null, 24, since, "test");
        await store.CreateCaseRuleAsync(w.Workspace, "Billing review", Rule("source = review and sentiment = negative and theme = \"Billing and price\""), "billing@example.com", 72, since, "test");
        await store.AddCaseRouteAsync(w.Workspace, null, "enterprise", "key-accounts@example.com");
        await store.AddCaseRouteAsync(w.Workspace, w.SupportCall, "enterprise", "support-enterprise@example.com");

        Assert.Equal(4, await store.OpenCasesAsync(w.Workspace, Now));
        Assert.Equal(0, await store.OpenCasesAsync(w.Workspace, Now.AddHours(1))); // a second sweep finds nothing new

        var (cases, total) = await store.CasesAsync(w.Workspace, new CaseFilter(), Now);
        Assert.Equal(4, total);
        var bySource = cases.ToDictionary(c => c.SourceId!);
        Assert.Equal(["r1", "r3", "r4", "rev-1"], bySource.Keys.Order());
        Assert.Equal("key-accounts@example.com", bySource["r1"].Owner);        // segment route
        Assert.Null(bySource["r3"].Owner);                                      // consumer, no touchpoint: unassigned
        Assert.Equal("support-lead@example.com", bySource["r4"].Owner);        // consumer at the support call: the touchpoint's owner
        Assert.Equal("billing@example.com", bySource["rev-1"].Owner);          // the rule names its owner
        Assert.Equal(3, bySource["r1"].Score);
        Assert.Equal("Support call", bySource["r4"].Touchpoint);
        Assert.Equal("feedback", bySource["rev-1"].SourceKind);
        Assert.Contains("overcharged", bySource["rev-1"].Verbatim, StringComparison.Ordinal);
        Assert.Equal(Now.AddHours(48), bySource["r1"].SlaDueAt!.Value, TimeSpan.FromSeconds(1));

        var rules = await store.CaseRulesAsync(w.Workspace);
        Assert.Equal([2L, 1L, 1L], rules.Select(r => r.Cases));
        Assert.Equal(1, (await store.CasesAsync(w.Workspace, new CaseFilter(Owner: "none"), Now)).Total);
        Assert.Equal(4, (await store.CasesAsync(w.Workspace, new CaseFilter(OverdueOnly: true), Now.AddDays(4))).Total);
        Assert.Equal(1, (await store.CasesAsync(w.Workspace, new CaseFilter(OverdueOnly: true), Now.AddHours(30))).Total); // only the 24-hour SLA has passed
    }

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task WorkingACase_FollowsTheFlow_AndTheClosedLoopFiguresCountIt(StorageEngine engine)
    {
        await using var store = engines.Open(engine);
        var w = await SeedAsync(store);
        await store.CreateCaseRuleAsync(w.Workspace, "Detractor follow-up", Rule("nps <= 6"), "owner@example.com", 48, Now.AddDays(-30), "test");
        await store.OpenCasesAsync(w.Workspace, Now);
        var cases = (await store.CasesAsync(w.Workspace, new CaseFilter(), Now)).Cases.ToDictionary(c => c.SourceId!, c => c.Id);

        var refused = await store.MoveCaseAsync(w.Workspace, cases["r1"], CaseStatus.Resolved, null, "owner@example.com", Now.AddHours(1));
        Assert.Equal(CaseChangeOutcome.Refused, refused.Outcome);
        Assert.Contains("root cause", refused.Reason, StringComparison.Ordinal);
        Assert.Equal(CaseChangeOutcome.NotFound, (await store.MoveCaseAsync(w.Workspace, 999_999, CaseStatus.InProgress, null, "x", Now)).Outcome);

        Assert.Equal(CaseChangeOutcome.Done, await store.AddCaseNoteAsync(w.Workspace, cases["r1"], "Called, no answer", "owner@example.com", Now.AddHours(2)));
        var followUp = await store.QueueFollowUpAsync(w.Workspace, cases["r1"], "c1@example.com", "Sorry about your bill", "Hello …", "queued", null, "owner@example.com", Now.AddHours(3));
        Assert.Equal(CaseChangeOutcome.Done, followUp.Outcome);
        Assert.Equal(CaseChangeOutcome.Done, (await store.MoveCaseAsync(w.Workspace, cases["r1"], CaseStatus.Resolved, "billing error", "owner@example.com", Now.AddHours(10))).Outcome);
        Assert.Equal(CaseChangeOutcome.Refused, (await store.MoveCaseAsync(w.Workspace, cases["r1"], CaseStatus.New, null, "x", Now.AddHours(11))).Outcome);

        var detail = await store.CaseAsync(w.Workspace, cases["r1"]);
        Assert.NotNull(detail);
        Assert.Equal(CaseStatus.Resolved, detail.Case.Status);
        Assert.Equal("billing error", detail.Case.RootCause);
        Assert.Equal(Now.AddHours(2), detail.Case.FirstActionAt!.Value, TimeSpan.FromSeconds(1));
        Assert.Equal(["note", "follow_up", "status", "status"], detail.Notes.Select(n => n.Kind));
        Assert.Equal("New → Contacted", detail.Notes[2].Text);
        Assert.Equal("queued", Assert.Single(detail.Messages).Status);
        Assert.Equal("c1@example.com", detail.Email);
        Assert.Single(detail.Scores);
        Assert.Equal("queued", Assert.Single(await store.QueuedMessagesAsync(10)).Status);

        // c1 is surveyed again after recovery and now answers 8: a change of +5.
        store.ImportResponses(w.Workspace, [new SurveyResponse("r1-again", w.Nps, 1, "c1", true, null, null, "email", "en", Now.AddDays(3), Now.AddDays(3), [new Answer("nps", 8, null)])]);
        var tally = await store.ClosedLoopAsync(w.Workspace, Now.AddDays(-1), Now.AddDays(1), Now.AddDays(4));
        var report = ClosedLoopReport.From(tally);
        Assert.Equal((2, 1, 1, 1, 1), (tally.Opened, tally.Open, tally.Overdue, tally.Resolved, tally.ResolvedInSla));
        Assert.Equal(2.0, tally.MedianHoursToFirstAction!.Value, 3); // one case acted on after 2 hours
        Assert.Equal(10.0, tally.MedianHoursToClose!.Value, 3);
        Assert.Equal(0, tally.Detractors); // the detractors answered before this window…
        var wide = await store.ClosedLoopAsync(w.Workspace, Now.AddDays(-90), Now.AddDays(1), Now.AddDays(4));
        Assert.Equal((3, 2), (wide.Detractors, wide.DetractorsWithCase)); // …over 90 days: r-old came before the rule
        Assert.Equal(1, tally.Resurveyed);
        Assert.Equal(5.0, report.ScoreChange.Value, 6);
        Assert.Equal(1, tally.Improved);
        Assert.Equal(50.0, report.Closure.Value, 6);

        // Reopening clears the close time.
        Assert.Equal(CaseChangeOutcome.Done, (await store.MoveCaseAsync(w.Workspace, cases["r1"], CaseStatus.InProgress, null, "x", Now.AddDays(5))).Outcome);
        Assert.Null((await store.CaseAsync(w.Workspace, cases["r1"]))!.Case.ClosedAt);
    }
}
