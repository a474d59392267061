using Cairn.Core.Cases;
using Cairn.Core.Customers;
using Cairn.Core.Events;
using Cairn.Core.Feedback;
using Cairn.Core.Ingestion;
using Cairn.Core.Metrics;
using Cairn.Core.Privacy;
using Cairn.Core.Surveys;
using Cairn.Core.Workspaces;
using Cairn.Testing;
using Dapper;

namespace Cairn.Storage.Tests;

public sealed class RetentionStoreTests(Engines engines)
{
    private static readonly DateTime Now = DateTime.UtcNow;
    private static readonly DateTime Old = Now.AddDays(-400);
    private static readonly DateTime Recent = Now.AddDays(-10);

    /// <summary>Two of everything: one older than a year, one from last week.</summary>
    private static async Task<long> SeedAsync(CairnStore store, string name)
    {
        var ws = (await store.EnsureWorkspaceAsync(name, Industry.Retail)).Id;
        await store.IngestAsync(ws, IngestBatch.OfCustomers([CustomerProfile.Minimal("ana") with { Segment = "consumer" }, CustomerProfile.Minimal("bo") with { Segment = "consumer" }]));
        await store.IngestAsync(ws, IngestBatch.OfEvents([new TrackEvent("e-old", "ana", "login", Old, "app", null), new TrackEvent("e-new", "ana", "login", Recent, "app", null)]));
        await store.IngestAsync(ws, IngestBatch.OfFeedback(
        [
            new FeedbackItem("f-old", FeedbackSource.Ticket, "ana", null, null, null, "Bill", "I was overcharged on my bill, awful service.", Old, "email", null),
            new FeedbackItem("f-new", FeedbackSource.Ticket, "bo", null, null, null, "Bill", "Overcharged again on my bill, terrible.", Recent, "email", null),
        ]));
        var nps = store.CreateSurvey(ws, "NPS", SurveyKind.Nps, null, """{"pages":[{"elements":[{"type":"rating","name":"nps","rateMin":0,"rateMax":10},{"type":"comment","name":"why"}]}]}""");
        store.ImportResponses(ws,
        [
            new SurveyResponse("r-old", nps, 1, "ana", true, null, null, "email", "en", Old, Old, [new Answer("nps", 2, null), new Answer("why", null, "Ana says the app is slow")]),
            new SurveyResponse("r-new", nps, 1, "bo", true, null, null, "email", "en", Recent, Recent, [new Answer("nps", 10, null)]),
        ]);
        await store.CreateCaseRuleAsync(ws, "Detractors", CaseConditionParser.Parse("nps <= 6", new List<string>())!, "owner@example.com", 48, Old.AddDays(-1), "test");
        await store.OpenCasesAsync(ws, Old.AddHours(1));
        var detractorCase = (await store.CasesAsync(ws, new CaseFilter(), Now)).Cases.Single().Id;
        await store.AddCaseNoteAsync(ws, detractorCase, "Called Ana", "owner@example.com", Old.AddHours(2));
        await store.MoveCaseAsync(ws, detractorCase, CaseStatus.Resolved, "slow app", "owner@example.com", Old.AddHours(3));
        return ws;
    }

    private static async Task<ScoreTally> NpsAsync(CairnStore store, long ws)
    {
        var query = MetricQuery.Parse("nps", null, null, null, null, null, null, "1", [])!;
        return (await store.TallyScoresAsync(ws, query)).Single().Tally;
    }

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task Policies_DeleteOrAnonymiseWhatIsOlder_AndKeepTheRest(StorageEngine engine)
    {
        await using var store = engines.Open(engine);
        var ws = await SeedAsync(store, "retention");
        foreach (var (kind, action) in new[] { ("events", "delete"), ("feedback", "anonymise"), ("responses", "anonymise"), ("cases", "delete") })
        {
            await store.SetRetentionPolicyAsync(ws, kind, RetentionKinds.Check(kind, 365, action, [])!, "admin@example.com");
        }

        var done = await store.ApplyRetentionAsync(ws, Now, "retention job");

        Assert.Equal(1, done["events.deleted"]);
        Assert.Equal(1, done["feedback.anonymised"]);
        Assert.Equal(1, done["responses.anonymised"]);
        Assert.Equal(1, done["cases.deleted"]);
        using var connection = store.Dialect.OpenConnection();
        Assert.Equal(["e-new"], await connection.QueryAsync<string>(store.Dialect.Sql("SELECT id FROM events WHERE workspace_id = @ws"), new { ws }));

        // Anonymised feedback keeps its sentiment and themes, loses its customer, words and evidence spans.
        var old = await connection.QuerySingleAsync<(string? Customer, string? Text, string? Title, double? Sentiment)>(
            store.Dialect.Sql("SELECT customer_id, text, title, sentiment_score FROM feedback WHERE workspace_id = @ws AND id = 'f-old'"), new { ws });
        Assert.Equal((null, null, null), (old.Customer, old.Text, old.Title));
        Assert.True(old.Sentiment < 0);
        var themes = (await connection.QueryAsync<string?>(store.Dialect.Sql("SELECT evidence FROM feedback_themes WHERE workspace_id = @ws AND feedback_id = 'f-old'"), new { ws })).ToList();
        Assert.NotEmpty(themes);
        Assert.All(themes, Assert.Null);
        Assert.Equal("bo", await connection.ExecuteScalarAsync<string>(store.Dialect.Sql("SELECT customer_id FROM feedback WHERE workspace_id = @ws AND id = 'f-new'"), new { ws }));

        // Anonymised responses still count in NPS, without their customer or their words.
        Assert.Equal((2L, 1L, 1L), ((await NpsAsync(store, ws)).N, (await NpsAsync(store, ws)).Good, (await NpsAsync(store, ws)).Bad));
        Assert.Null(await connection.ExecuteScalarAsync<string?>(store.Dialect.Sql("SELECT customer_id FROM responses WHERE workspace_id = @ws AND id = 'r-old'"), new { ws }));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>(store.Dialect.Sql("SELECT count(*) FROM answers WHERE workspace_id = @ws AND (value_text LIKE '%Ana%' OR customer_id = 'ana')"), new { ws }));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>(store.Dialect.Sql("SELECT count(*) FROM case_notes WHERE workspace_id = @ws"), new { ws }));

        // Applying again the same day finds nothing new; the run that changed something is audited once.
        Assert.All((await store.ApplyRetentionAsync(ws, Now, "retention job")).Values, n => Assert.Equal(0, n));
        var runs = await store.AuditLogAsync(ws, 10, action: "retention.applied");
        Assert.Single(runs);
        Assert.Equal(4, (await store.AuditLogAsync(ws, 10, action: "retention.set")).Count);
    }

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task DeletingResponses_TakesTheirAnswersAndCommentsOut_OfTheFigures(StorageEngine engine)
    {
        await using var store = engines.Open(engine);
        var ws = await SeedAsync(store, "retention-delete");
        await store.SetRetentionPolicyAsync(ws, "responses", new RetentionPolicy("responses", 365, RetentionKinds.Delete), "admin@example.com");
        await store.SetRetentionPolicyAsync(ws, "audit_log", new RetentionPolicy("audit_log", 30, RetentionKinds.Delete), "admin@example.com");

        var done = await store.ApplyRetentionAsync(ws, Now, "retention job");

        Assert.Equal(1, done["responses.deleted"]);
        Assert.Equal(0, done["audit_log.deleted"]); // every line is from today
        var nps = await NpsAsync(store, ws);
        Assert.Equal((1L, 1L), (nps.N, nps.Good));
        using var connection = store.Dialect.OpenConnection();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>(store.Dialect.Sql("SELECT count(*) FROM answers WHERE workspace_id = @ws AND response_id = 'r-old'"), new { ws }));

        await store.SetRetentionPolicyAsync(ws, "responses", null, "admin@example.com");
        Assert.Equal(["audit_log"], (await store.RetentionPoliciesAsync(ws)).Select(p => p.Kind));
        Assert.True((await store.ApplyRetentionAsync(ws, Now.AddDays(31), "retention job"))["audit_log.deleted"] > 0); // a month on, today's lines go
    }
}
