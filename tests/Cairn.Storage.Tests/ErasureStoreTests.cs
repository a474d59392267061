using Cairn.Core.Cases;
using Cairn.Core.Customers;
using Cairn.Core.Events;
using Cairn.Core.Feedback;
using Cairn.Core.Ingestion;
using Cairn.Core.Metrics;
using Cairn.Core.Outbound;
using Cairn.Core.Surveys;
using Cairn.Core.Workspaces;
using Cairn.Testing;
using Dapper;

namespace Cairn.Storage.Tests;

public sealed class ErasureStoreTests(Engines engines)
{
    private static readonly DateTime Now = new(2026, 10, 1, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>What identifies the erased customer anywhere: their id, their email, their name, a word only they wrote.</summary>
    private static readonly string[] Traces = ["zed-9", "zelda", "quixot"];

    /// <summary>
    /// zed-9 (Zelda Quixote) leaves a trace in every kind of table: profile, events, an
    /// invitation, a detractor response whose comment becomes feedback with themes, a ticket, the
    /// case the detractor rule opens, its note and follow-up message, webhook deliveries about the
    /// response and the case, and an audit line for an export. amy is a promoter who must stay.
    /// The other workspace has its own zed-9, who must stay too.
    /// </summary>
    private static async Task<(long Workspace, long Other)> SeedAsync(CairnStore store)
    {
        var ws = (await store.EnsureWorkspaceAsync("erasure", Industry.Telecommunications)).Id;
        var other = (await store.EnsureWorkspaceAsync("erasure-other", Industry.Telecommunications)).Id;
        var zed = CustomerProfile.Minimal("zed-9") with { Name = "Zelda Quixote", Email = "zelda.quixote@example.org", Segment = "consumer" };
        await store.IngestAsync(ws, IngestBatch.OfCustomers([zed, CustomerProfile.Minimal("amy") with { Segment = "consumer" }]));
        await store.IngestAsync(other, IngestBatch.OfCustomers([zed]));
        await store.IngestAsync(ws, IngestBatch.OfEvents(
        [
            new TrackEvent("e1", "zed-9", "support_call", Now.AddDays(-3), "phone", """{"agent":"x","note":"Zelda asked about roaming"}"""),
            new TrackEvent("e2", "zed-9", "bill_viewed", Now.AddDays(-2), "web", null),
            new TrackEvent("e3", "amy", "bill_viewed", Now.AddDays(-2), "web", null),
        ]));
        await store.IngestAsync(other, IngestBatch.OfEvents([new TrackEvent("e1", "zed-9", "support_call", Now.AddDays(-3), "phone", null)]));

        await store.CreateWebhookAsync(ws, "https://hooks.example.com/cx", "whsec_x", [WebhookEvents.ResponseCompleted, WebhookEvents.CaseOpened], false, "test");
        var surveyId = await store.CreateSurveyAsync(ws, "Relationship NPS", SurveyKind.Nps, null, SurveyTemplates.RelationshipNps);
        var survey = (await store.SurveyAsync(ws, surveyId))!;
        await store.InviteAsync(ws, surveyId, ["zed-9", "amy"], "email", Now.AddDays(30));
        await store.SaveResponseAsync(ws, survey, new("rz", "zed-9", "email", "en", true, new Dictionary<string, AnswerValue>
        {
            ["nps"] = AnswerValue.Of(2),
            ["why"] = AnswerValue.Of("Quixotic billing: I was overcharged and waited an hour on hold. Awful."),
        }));
        await store.SaveResponseAsync(ws, survey, new("ra", "amy", "email", "en", true, new Dictionary<string, AnswerValue> { ["nps"] = AnswerValue.Of(10) }));
        await store.IngestAsync(ws, IngestBatch.OfFeedback(
            [new FeedbackItem("t1", FeedbackSource.Ticket, "zed-9", null, null, null, "Zelda: refund", "Still no refund for the overcharge, terrible service.", Now.AddDays(-1), "email", null)]));

        var rule = CaseConditionParser.Parse("nps <= 6", new List<string>())!;
        await store.CreateCaseRuleAsync(ws, "Detractor follow-up", rule, "owner@example.com", 48, Now.AddDays(-30), "test");
        await store.OpenCasesAsync(ws, DateTime.UtcNow);
        var caseId = (await store.CasesAsync(ws, new CaseFilter(), DateTime.UtcNow)).Cases.Single().Id;
        await store.AddCaseNoteAsync(ws, caseId, "Called Zelda, she will think about it", "owner@example.com", DateTime.UtcNow);
        await store.QueueFollowUpAsync(ws, caseId, "zelda.quixote@example.org", "About your bill, Zelda", "Dear Zelda Quixote, …", "queued", null, "owner@example.com", DateTime.UtcNow);
        await store.AuditAsync(ws, "admin@example.com", "customer.exported", "zed-9", null);
        await store.AddRecordsAsync(ws, [new Cairn.Core.Customers.CustomerRecord("SO-zed", "zed-9", Cairn.Core.Customers.RecordKind.Order, Now.AddDays(-2), 99, "EUR", """{"note":"Zelda Quixote"}""")]);
        await store.RecomputeHealthAsync(ws, DateTime.UtcNow);
        await store.SaveInsightAsync(ws, new InsightDraft("Refunds are slow", "Refunds take weeks", null, null, null, null, null, null, null, null, ["t1"]), "analyst");
        // A double opt-in confirmation and a "you said, we did" message: outbox rows and personal links that belong to no case.
        await store.QueueEmailConfirmationAsync(ws, "zed-9", "Please confirm", token => $"Dear Zelda, confirm: /c/confirm?t={token}", true);
        var themes = (await store.ThemesAsync(ws)).Select(t => t.Id).ToList();
        var (_, told) = await store.CreateLoopCampaignAsync(ws, new LoopAudienceQuery(null, null, themes, Now.AddDays(-30), Now.AddDays(1), true), "You said, we did", "Hi {{name}}",
            (r, token) => new LoopMessage("You said, we did", $"Hi {r.Name}, you told us {r.Quote}", $"/c/unsubscribe?t={token}"), true, "analyst");
        Assert.Equal(["zed-9"], told.Reachable.Select(r => r.CustomerId));
        await store.SetCustomerConsentAsync(ws, "zed-9", new Cairn.Core.Customers.ConsentChange(Cairn.Core.Customers.ConsentState.Withdrawn, true, "sms", "es"), "api", "crm-sync");
        return (ws, other);
    }

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task Erasure_LeavesNoTraceOfTheCustomerInAnyTable_AndTheMetricsDropThem(StorageEngine engine)
    {
        await using var store = engines.Open(engine);
        var (ws, other) = await SeedAsync(store);
        await store.RefreshPathIndexAsync(ws); // the journey analytics index holds the customer's steps (and, on DuckDB, times) too
        var before = await NpsAsync(store, ws);
        var export = await store.ExportCustomerAsync(ws, "zed-9");
        Assert.NotEmpty(await TracesAsync(store, ws)); // the scan below can find what it looks for

        var report = await store.EraseCustomerAsync(ws, "zed-9", "privacy@example.com");

        Assert.Empty(await TracesAsync(store, ws));
        foreach (var (table, rows) in export.Tables)
        {
            Assert.True(rows.Count == report.Removed[table], $"{table}: exported {rows.Count}, erased {report.Removed[table]}");
        }

        Assert.Equal(1, report.Removed["customers"]);
        Assert.Equal(2, report.Removed["events"]);
        Assert.Equal(1, report.Removed["invitations"]);
        Assert.Equal(2, report.Removed["feedback"]); // the survey comment and the ticket
        Assert.Equal(1, report.Removed["cases"]);
        Assert.Equal((1, 1), (report.Removed["customer_records"], report.Removed["customer_health"]));
        Assert.Equal((1, 4), (report.Removed["customer_consent"], report.Removed["consent_changes"]));
        Assert.Equal(1, report.Removed["insight_verbatims"]); // the insight stays; the customer's words leave it
        Assert.Equal((3, 2), (report.Removed["outbox"], report.Removed["customer_links"])); // follow-up, confirmation, loop message; their two links
        Assert.Equal(2, report.Removed["webhook_deliveries"]); // response.completed and case.opened
        Assert.True(report.Removed["feedback_themes"] > 0);
        Assert.Equal(0, (await store.ExportCustomerAsync(ws, "zed-9")).RowCount);
        Assert.Equal(0, (await store.EraseCustomerAsync(ws, "zed-9", "privacy@example.com")).Total); // again: nothing left to erase

        // Metrics are computed from what is stored, so the detractor is gone from NPS at once.
        Assert.Equal((2L, 1L), (before.N, before.Bad));
        var after = await NpsAsync(store, ws);
        Assert.Equal((1L, 0L, 1L), (after.N, after.Bad, after.Good));
        Assert.Equal(1, (await store.GetStatsAsync(ws)).Customers);

        // The erasure is in the audit log under a pseudonym; the other workspace's zed-9 is untouched.
        var logged = await store.AuditLogAsync(ws, 10, action: "customer.");
        Assert.Equal(["customer.erased", "customer.erased", "customer.exported"], logged.Select(l => l.Action)); // newest first: the second (empty) erasure, the erasure, the export
        Assert.All(logged, l => Assert.Equal(CairnStore.ErasedIdHash("zed-9"), l.Target));
        Assert.Equal(2, System.Text.Json.JsonDocument.Parse(logged[1].Detail!).RootElement.GetProperty("events").GetInt32()); // rows removed per table
        Assert.Single(await store.AuditLogAsync(ws, 10, beforeId: logged[1].Id, action: "customer.exported"));

        Assert.NotNull(await store.CustomerAsync(other, "zed-9"));
        Assert.Equal(1, (await store.CustomerCountsAsync(other, "zed-9")).Events);
    }

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task AnErasedCustomer_CanComeBack_AsANewCustomer(StorageEngine engine)
    {
        await using var store = engines.Open(engine);
        var (ws, _) = await SeedAsync(store);
        await store.EraseCustomerAsync(ws, "zed-9", "privacy@example.com");

        // The ingest writer (DuckDB) remembers the customers it has stored; after the erasure an
        // event naming zed-9 must be refused as naming an unknown customer, not stored as an orphan.
        var orphan = await store.IngestAsync(ws, IngestBatch.OfEvents([new TrackEvent("e9", "zed-9", "bill_viewed", Now, "web", null)]));
        Assert.Equal(0, orphan.Accepted);
        Assert.Single(orphan.Rejected);

        // Identified again, they are a new customer with nothing of the past; e1 is a new event, not a duplicate of the erased one.
        await store.IngestAsync(ws, IngestBatch.OfCustomers([CustomerProfile.Minimal("zed-9")]));
        var again = await store.IngestAsync(ws, IngestBatch.OfEvents([new TrackEvent("e1", "zed-9", "bill_viewed", Now, "web", null)]));
        Assert.Equal(1, again.Accepted);
        Assert.Equal(new CustomerCounts(1, 0, 0, 0, 0, 0), await store.CustomerCountsAsync(ws, "zed-9"));
        Assert.Null((await store.CustomerAsync(ws, "zed-9"))!.Email);
    }

    private static async Task<ScoreTally> NpsAsync(CairnStore store, long ws)
    {
        var errors = new List<ItemError>();
        var query = MetricQuery.Parse("nps", null, null, null, null, null, null, "1", errors)!;
        return (await store.TallyScoresAsync(ws, query)).Single().Tally;
    }

    /// <summary>
    /// Every text and JSON column of every table, scanned for the customer's traces, in the
    /// workspace's rows (and all rows of tables without a workspace): "table.column: value" for each hit.
    /// </summary>
    private static async Task<List<string>> TracesAsync(CairnStore store, long ws)
    {
        using var connection = store.Dialect.OpenConnection();
        var columns = (await connection.QueryAsync<(string Table, string Column, string Type)>("""
            SELECT table_name, column_name, data_type FROM information_schema.columns
            WHERE table_schema IN ('main', 'public') ORDER BY table_name, ordinal_position
            """)).ToList();
        var tables = columns.GroupBy(c => c.Table).ToDictionary(g => g.Key, g => g.ToList());
        var hits = new List<string>();
        foreach (var (table, cols) in tables)
        {
            var scoped = cols.Any(c => c.Column == "workspace_id") ? " AND workspace_id = @ws" : "";
            foreach (var (_, column, type) in cols.Where(c => IsText(c.Type)))
            {
                foreach (var trace in Traces)
                {
                    var found = await connection.QueryAsync<string>(
                        store.Dialect.Sql($"SELECT CAST({column} AS TEXT) FROM {table} WHERE lower(CAST({column} AS TEXT)) LIKE @pattern{scoped}"), new { pattern = $"%{trace}%", ws });
                    hits.AddRange(found.Select(v => $"{table}.{column} ({type}): {v}"));
                }
            }
        }

        return hits;
    }

    private static bool IsText(string type) =>
        type.ToUpperInvariant() is "VARCHAR" or "TEXT" or "JSON" or "JSONB" or "CHARACTER VARYING";
}
