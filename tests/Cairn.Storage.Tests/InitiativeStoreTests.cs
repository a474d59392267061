using Cairn.Core.Customers;
using Cairn.Core.Events;
using Cairn.Core.Ingestion;
using Cairn.Core.Initiatives;
using Cairn.Core.Journeys;
using Cairn.Core.Metrics;
using Cairn.Core.Surveys;
using Cairn.Core.Workspaces;
using Cairn.Storage.Initiatives;
using Cairn.Testing;

namespace Cairn.Storage.Tests;

public sealed class InitiativeStoreTests(Engines engines)
{
    // A Wednesday, so the launch falls inside a week that holds answers from both sides of it.
    private static readonly DateTime Launch = new(2026, 9, 2, 12, 0, 0, DateTimeKind.Utc);

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task Weeks_SplitAnswersIntoAffectedAndOthers_AtTheLaunchInstant(StorageEngine engine)
    {
        await using var store = engines.Open(engine);
        var ws = (await store.EnsureWorkspaceAsync("initiatives", Industry.Telecommunications)).Id;
        store.CreateJourney(ws, new JourneyDefinition("Service", null, null, null, JourneyState.Current,
        [
            new StageDefinition("Service and Use", null, null, [new TouchpointDefinition("Support call", "phone", true, null, ["support_call"])]),
        ]));
        var support = (await store.ListTouchpointsAsync(ws)).Single();
        await store.IngestAsync(ws, IngestBatch.OfCustomers(new[] { "c1", "c2", "c3", "c4" }.Select(CustomerProfile.Minimal).ToList()));
        // c1 and c2 called support in the window (affected); c3 called long before it; c4 never did.
        await store.IngestAsync(ws, IngestBatch.OfEvents(
        [
            new TrackEvent("e1", "c1", "support_call", Launch.AddDays(-10), "phone", null),
            new TrackEvent("e2", "c2", "support_call", Launch.AddDays(5), "phone", null),
            new TrackEvent("e3", "c3", "support_call", Launch.AddDays(-400), "phone", null),
        ]));
        var nps = store.CreateSurvey(ws, "NPS", SurveyKind.Nps, null, """{"pages":[{"elements":[{"type":"rating","name":"nps","rateMin":0,"rateMax":10}]}]}""");
        SurveyResponse Answer(string id, string customer, int score, DateTime at) => new(id, nps, 1, customer, true, null, null, "email", "en", at, at, [new Answer("nps", score, null)]);
        store.ImportResponses(ws,
        [
            Answer("a1", "c1", 2, Launch.AddHours(-2)), Answer("a2", "c1", 9, Launch.AddHours(2)), Answer("a3", "c2", 10, Launch.AddDays(20)),
            Answer("a4", "c3", 6, Launch.AddDays(-20)), Answer("a5", "c4", 8, Launch.AddHours(3)), Answer("old", "c4", 0, Launch.AddDays(-200)),
        ]);
        var id = await store.CreateInitiativeAsync(ws, new InitiativeDraft("Call-backs", null, "lead@example.com", "VP", "nps", -30, -20, null, Launch.AddDays(30), 90, null,
            [support.Id], [], [], []), "test");
        Assert.True(await store.SetInitiativeLaunchAsync(ws, id, Launch));

        var weeks = await store.InitiativeWeeksAsync(ws, id, ScoreMetric.Nps, Launch.AddDays(-90), Launch, Launch.AddDays(90));

        ScoreTally Cell(bool affected, bool after) => weeks.Where(w => w.Affected == affected && w.After == after)
            .Aggregate(ScoreTally.Empty, (t, w) => t + new ScoreTally(w.N, w.Sum, w.SumOfSquares, w.Good, w.Bad));
        Assert.Equal(new ScoreTally(1, 2, 4, 0, 1), Cell(true, false));     // c1 before
        Assert.Equal(new ScoreTally(2, 19, 181, 2, 0), Cell(true, true));   // c1 and c2 after
        Assert.Equal(new ScoreTally(1, 6, 36, 0, 1), Cell(false, false));   // c3 (its call was outside the window)
        Assert.Equal(new ScoreTally(1, 8, 64, 0, 0), Cell(false, true));    // c4; its old 0 is outside the window
        var launchWeek = weeks.Where(w => w.Week <= Launch).Max(w => w.Week);
        Assert.Equal(3, weeks.Count(w => w.Week == launchWeek));            // a1 (before), a2 and a5 (after) in one week

        var row = (await store.InitiativeAsync(ws, id))!;
        Assert.Equal(InitiativeStatus.Launched, row.Status);
        Assert.Equal(Launch, row.LaunchedAt);
        Assert.Equal(Launch.AddDays(30).Date, row.DueDate);
        Assert.Equal([new InitiativeLink("touchpoint", support.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "Support call")], row.Links);
        Assert.Null(await store.InitiativeAsync(ws + 1000, id));
        Assert.False(await store.SetInitiativeStatusAsync(ws + 1000, id, InitiativeStatus.Done, Launch));
        Assert.True(await store.SetInitiativeStatusAsync(ws, id, InitiativeStatus.Done, Launch.AddDays(40)));
        Assert.Equal(Launch, (await store.InitiativeAsync(ws, id))!.LaunchedAt); // finishing keeps the launch date
    }
}
