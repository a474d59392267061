using Cairn.Core.Customers;
using Cairn.Core.Ingestion;
using Cairn.Core.Metrics;
using Cairn.Core.Privacy;
using Cairn.Core.Surveys;
using Cairn.Core.Workspaces;
using Cairn.Testing;
using Dapper;

namespace Cairn.Storage.Tests;

/// <summary>
/// The score rollup must say what the answers say after every kind of write: imports (new and
/// repeated), responses saved as they go, a customer moving segment, a customer created after
/// their answers, retention and erasure. Each step compares the rollup's tallies with the same
/// tallies counted from the answers, before and after folding the deltas.
/// </summary>
public sealed class ScoreRollupStoreTests(Engines engines)
{
    private static readonly DateTime Old = DateTime.UtcNow.Date.AddYears(-2).AddHours(13);

    private static readonly string[][] Queries =
    [
        ["segment", "month", ""], ["channel", "week", ""], ["persona", "day", ""], ["", "quarter", "segment:x,segment:w"],
        ["plan", "", "channel:email"], ["region", "month", ""], ["survey", "", ""], ["", "", ""],
    ];

    private static MetricQuery Query(string[] q)
    {
        var errors = new List<ItemError>();
        return MetricQuery.Parse("nps", q[0], q[1], null, null, q[2], null, "1", errors) ?? throw new InvalidOperationException(string.Join("; ", errors));
    }

    private static string Show(IEnumerable<TallyRow> rows) =>
        string.Join("\n", rows.Select(r => $"{r.Group}|{r.PeriodStart:O}|{r.Tally.N}|{r.Tally.Sum}|{r.Tally.SumOfSquares}|{r.Tally.Good}|{r.Tally.Bad}").Order(StringComparer.Ordinal));

    private static async Task AssertRollupAgreesAsync(CairnStore store, long ws, string step)
    {
        foreach (var fold in new[] { false, true })
        {
            if (fold)
            {
                await store.FoldScoreDeltasAsync(ws);
            }

            foreach (var q in Queries)
            {
                var expected = Show(await store.TallyScoresFromAnswersAsync(ws, Query(q)));
                var actual = Show(await store.TallyScoresAsync(ws, Query(q)));
                Assert.True(expected == actual, $"after {step} ({(fold ? "folded" : "with deltas")}), by {string.Join(" / ", q)}:\nanswers:\n{expected}\nrollup:\n{actual}");
            }
        }
    }

    private static Dictionary<string, AnswerValue> Nps(int score) => new() { ["nps"] = AnswerValue.Of(score) };

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task TheRollup_SaysWhatTheAnswersSay_AfterEveryKindOfWrite(StorageEngine engine)
    {
        await using var store = engines.Open(engine);
        var ws = (await store.EnsureWorkspaceAsync("rollup", Industry.Retail)).Id;
        await store.IngestAsync(ws, IngestBatch.OfCustomers([
            CustomerProfile.Minimal("a") with { Segment = "x", Persona = "p1", Plan = "pro", Region = "eu" },
            CustomerProfile.Minimal("b") with { Segment = "y", Persona = "p2" },
        ]));
        var surveyId = store.CreateSurvey(ws, "NPS", SurveyKind.Nps, null, """{"pages":[]}""");
        var n = 0;
        SurveyResponse Imported(string? customer, DateTime at, double score, string channel = "email", string question = "nps") =>
            new($"i{n++}", surveyId, 1, customer, true, null, null, channel, "en", at, at, [new Answer(question, score, null)]);
        var imported = new List<SurveyResponse>
        {
            Imported("a", Old, 10), Imported("a", Old.AddDays(3), 6), Imported("b", Old.AddDays(40), 9, "web"), Imported("b", Old.AddDays(41), 3),
            Imported("z", Old.AddDays(95), 7), Imported(null, Old.AddDays(96), 0, "sms"), Imported("a", Old.AddDays(100), 11), Imported("b", Old, 5, question: "csat"),
        };
        Assert.Equal(8, store.ImportResponses(ws, imported));
        await AssertRollupAgreesAsync(store, ws, "an import");

        // The same file again adds nothing, even where it gives a known response more answers;
        // a repeated id or question within one import counts once (the first).
        Assert.Equal(0, store.ImportResponses(ws, imported));
        Assert.Equal(0, store.ImportResponses(ws, [imported[0] with { Answers = [new Answer("nps", 10, null), new Answer("extra", 4, null)] }]));
        Assert.Equal(1, store.ImportResponses(ws, [Imported("a", Old.AddDays(5), 8) with { Id = "dup" }, Imported("b", Old.AddDays(6), 2) with { Id = "dup" }]));
        Assert.Equal(1, store.ImportResponses(ws, [Imported("a", Old.AddDays(7), 4) with { Id = "twice", Answers = [new Answer("nps", 4, null), new Answer("nps", 5, null)] }]));
        await AssertRollupAgreesAsync(store, ws, "a repeated import");

        // A hosted-page response saved as it goes: partial 2, then changed to 9 and completed.
        var rated = (await store.SurveyAsync(ws, await store.CreateSurveyAsync(ws, "Rel NPS", SurveyKind.Nps, null, SurveyTemplates.RelationshipNps)))!;
        Assert.Equal(ResponseSaved.Partial, await store.SaveResponseAsync(ws, rated, new("h1", "a", "web", "en", false, Nps(2))));
        await AssertRollupAgreesAsync(store, ws, "a partial response");
        Assert.Equal(ResponseSaved.Complete, await store.SaveResponseAsync(ws, rated, new("h1", "a", "web", "en", true, Nps(9))));
        Assert.Equal(ResponseSaved.Complete, await store.SaveResponseAsync(ws, rated, new("h2", "b", "email", "en", true, Nps(8))));
        await AssertRollupAgreesAsync(store, ws, "a resumed response");

        // a moves segment (and only sends that trait), z becomes a customer, b is identified again unchanged.
        await store.IngestAsync(ws, IngestBatch.OfCustomers([
            CustomerProfile.Minimal("a") with { Segment = "w" },
            CustomerProfile.Minimal("z") with { Segment = "x", Region = "us" },
            CustomerProfile.Minimal("b") with { Segment = "y" },
        ]));
        await AssertRollupAgreesAsync(store, ws, "customers changing traits");

        await store.SetRetentionPolicyAsync(ws, "responses", RetentionKinds.Check("responses", 365, "anonymise", [])!, "admin@example.com");
        await store.ApplyRetentionAsync(ws, DateTime.UtcNow, "retention job");
        await AssertRollupAgreesAsync(store, ws, "anonymising old responses");

        await store.EraseCustomerAsync(ws, "b", "admin@example.com");
        await AssertRollupAgreesAsync(store, ws, "an erasure");

        await store.SetRetentionPolicyAsync(ws, "responses", RetentionKinds.Check("responses", 30, "delete", [])!, "admin@example.com");
        await store.ApplyRetentionAsync(ws, DateTime.UtcNow, "retention job");
        await AssertRollupAgreesAsync(store, ws, "deleting old responses");

        // By hand: h1 (a, 9; a's segment now w) is all that is left: the imports were older than 30 days, h2 was b's.
        var left = await store.TallyScoresAsync(ws, Query(["segment", "", ""]));
        Assert.Equal([("w", 1L, 1L)], left.Select(r => (r.Group!, r.Tally.N, r.Tally.Good)));
        using var connection = store.Dialect.OpenConnection();
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM score_delta"));
        Assert.True(await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM score_rollup") > 0);
    }
}
