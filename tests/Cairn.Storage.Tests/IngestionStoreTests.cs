using Cairn.Core.Customers;
using Cairn.Core.Events;
using Cairn.Core.Feedback;
using Cairn.Core.Ingestion;
using Cairn.Core.Journeys;
using Cairn.Core.Workspaces;
using Cairn.Testing;
using Dapper;

namespace Cairn.Storage.Tests;

public sealed class IngestionStoreTests(Engines engines)
{
    private static readonly DateTime T0 = new(2026, 11, 1, 9, 0, 0, DateTimeKind.Utc);

    private static TrackEvent Event(string id, string customer, string name = "page_viewed", int minutes = 0) =>
        new(id, customer, name, T0.AddMinutes(minutes), "web", """{"path":"/pricing"}""");

    private static FeedbackItem Review(string id, string? customer) =>
        new(id, FeedbackSource.Review, customer, null, 4, 5, null, "Quick install", T0, "web", null);

    private static async Task<(CairnStore Store, long Workspace)> NewStore(Engines engines, StorageEngine engine)
    {
        var store = engines.Open(engine);
        var workspace = await store.EnsureWorkspaceAsync("test", Industry.Telecommunications);
        return (store, workspace.Id);
    }

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task Migrations_ReopenedStore_AppliesNothingTwice(StorageEngine engine)
    {
        var location = engines.NewLocation(engine);
        await using (var first = CairnStore.Open(location))
        {
            await first.EnsureWorkspaceAsync("a", Industry.Retail);
        }

        await using var second = CairnStore.Open(location);
        Assert.Empty(Cairn.Storage.Migrations.Migrator.Apply(second.Dialect, TimeProvider.System));
        Assert.Single(await second.ListWorkspacesAsync());
    }

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task NewWorkspace_GetsItsIndustryBenchmarks(StorageEngine engine)
    {
        var (store, workspace) = await NewStore(engines, engine);
        await using var _ = store;
        var benchmarks = await store.ListBenchmarksAsync(workspace);
        var average = Assert.Single(benchmarks, b => b.Label == "telecommunications average");
        Assert.Equal(15, average.Low);
        Assert.Equal(25, average.High);
        Assert.Contains(benchmarks, b => b.Label == "telecommunications leaders" && b.Value == 40);
    }

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task RetriedBatch_IsStoredOnce_AndCountedAsDuplicates(StorageEngine engine)
    {
        var (store, workspace) = await NewStore(engines, engine);
        await using var _ = store;
        await store.IngestAsync(workspace, IngestBatch.OfCustomers([CustomerProfile.Minimal("c1"), CustomerProfile.Minimal("c2")]));
        var batch = IngestBatch.OfEvents([Event("e1", "c1"), Event("e2", "c2"), Event("e2", "c2")]);

        var first = await store.IngestAsync(workspace, batch);
        var retry = await store.IngestAsync(workspace, batch);

        Assert.Equal((2, 1), (first.Accepted, first.Duplicates));
        Assert.Equal((0, 3), (retry.Accepted, retry.Duplicates));
        var stats = await store.GetStatsAsync(workspace);
        Assert.Equal(2, stats.Events);
        Assert.Equal(2, stats.Customers);
    }

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task EventOfUnknownCustomer_RefusesTheWholeRequest_WithItsIndex(StorageEngine engine)
    {
        var (store, workspace) = await NewStore(engines, engine);
        await using var _ = store;
        await store.IngestAsync(workspace, IngestBatch.OfCustomers([CustomerProfile.Minimal("known")]));

        var outcome = await store.IngestAsync(workspace, IngestBatch.OfEvents([Event("e1", "known"), Event("e2", "ghost")]));

        var error = Assert.Single(outcome.Rejected);
        Assert.Equal(1, error.Index);
        Assert.Equal("customerId", error.Field);
        Assert.Contains("ghost", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, outcome.Accepted);
        Assert.Equal(0, (await store.GetStatsAsync(workspace)).Events);
    }

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task SegmentStyleBatch_CreatesCustomersThatTrackNamesFirst(StorageEngine engine)
    {
        var (store, workspace) = await NewStore(engines, engine);
        await using var _ = store;
        var outcome = await store.IngestAsync(workspace, new IngestBatch([], [Event("m1", "anon-7")], [], CreateMissingCustomers: true));
        Assert.Equal(1, outcome.Accepted);
        Assert.Equal(1, (await store.GetStatsAsync(workspace)).Customers);
    }

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task Identify_KeepsTraitsNotSent_AndMergesAttributes(StorageEngine engine)
    {
        var (store, workspace) = await NewStore(engines, engine);
        await using var _ = store;
        await store.IngestAsync(workspace, IngestBatch.OfCustomers([
            CustomerProfile.Minimal("c1") with { Segment = "smb", Plan = "basic", AttributesJson = """{"a":1,"b":2}""" },
        ]));
        await store.IngestAsync(workspace, IngestBatch.OfCustomers([
            CustomerProfile.Minimal("c1") with { Plan = "pro", Status = CustomerStatus.Churned, ChurnType = ChurnType.Voluntary, AttributesJson = """{"b":3}""" },
        ]));

        using var connection = store.Dialect.OpenConnection();
        var row = connection.QuerySingle<(string Segment, string Plan, string Status, string ChurnType, string Attributes)>(
            store.Dialect.Sql("SELECT segment, plan, status, churn_type, CAST(attributes AS TEXT) FROM customers WHERE external_id = @id"), new { id = "c1" });
        Assert.Equal(("smb", "pro", "churned", "voluntary"), (row.Segment, row.Plan, row.Status, row.ChurnType));
        Assert.Contains("\"a\":1", row.Attributes.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("\"b\":3", row.Attributes.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task Event_IsMappedToTheTouchpointWhoseRuleNamesIt(StorageEngine engine)
    {
        var (store, workspace) = await NewStore(engines, engine);
        await using var _ = store;
        var journey = new JourneyDefinition("Main", null, null, null, JourneyState.Current,
        [
            new StageDefinition("Service and Use", null, null, [new TouchpointDefinition("Support call", "phone", true, "Support", ["ticket_opened", "call_completed"])]),
        ]);
        store.CreateJourney(workspace, journey);
        var touchpoint = Assert.Single(await store.ListTouchpointsAsync(workspace));
        await store.IngestAsync(workspace, IngestBatch.OfCustomers([CustomerProfile.Minimal("c1")]));

        await store.IngestAsync(workspace, IngestBatch.OfEvents([Event("e1", "c1", "ticket_opened"), Event("e2", "c1", "page_viewed")]));

        using var connection = store.Dialect.OpenConnection();
        var mapped = connection.Query<(string Id, long? Touchpoint)>(store.Dialect.Sql("SELECT id, touchpoint_id FROM events ORDER BY id")).ToList();
        Assert.Equal([("e1", (long?)touchpoint.Id), ("e2", null)], mapped);
    }

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task Feedback_AboutACompetitor_IsStoredWithItsKind(StorageEngine engine)
    {
        var (store, workspace) = await NewStore(engines, engine);
        await using var _ = store;
        var review = new FeedbackItem("r1", FeedbackSource.Review, null, "RivalTel", 2, 5, null, "Slow install", T0, "web", null);
        var outcome = await store.IngestAsync(workspace, IngestBatch.OfFeedback([review, review]));
        Assert.Equal((1, 1), (outcome.Accepted, outcome.Duplicates));

        using var connection = store.Dialect.OpenConnection();
        var row = connection.QuerySingle<(string Kind, string Competitor, double Rating)>(store.Dialect.Sql("SELECT kind, competitor, rating FROM feedback"));
        Assert.Equal(("indirect", "RivalTel", 2.0), row);
    }

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task RetryAfterRestart_IsStillADuplicate(StorageEngine engine)
    {
        var location = engines.NewLocation(engine);
        var batch = new IngestBatch([CustomerProfile.Minimal("c1")], [Event("e1", "c1"), Event("e2", "c1")], [Review("r1", "c1")]);
        long workspace;
        await using (var first = CairnStore.Open(location))
        {
            workspace = (await first.EnsureWorkspaceAsync("test", Industry.Retail)).Id;
            Assert.Equal(4, (await first.IngestAsync(workspace, batch)).Accepted);
        }

        await using var second = CairnStore.Open(location);
        var retry = await second.IngestAsync(workspace, batch);

        Assert.Equal((1, 3), (retry.Accepted, retry.Duplicates)); // the customer is updated; the three records are not stored again
        var stats = await second.GetStatsAsync(workspace);
        Assert.Equal((2, 1), (stats.Events, stats.Feedback));
    }

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task IdWhoseRowWasDeleted_IsStoredAgain(StorageEngine engine)
    {
        // An erased customer's ids stay in the writer's memory as "maybe stored"; the check against
        // the table must then find nothing and store the row, not call it a duplicate.
        var (store, workspace) = await NewStore(engines, engine);
        await using var _ = store;
        await store.IngestAsync(workspace, IngestBatch.OfCustomers([CustomerProfile.Minimal("c1")]));
        await store.IngestAsync(workspace, IngestBatch.OfEvents([Event("e1", "c1"), Event("e2", "c1")]));
        using (var connection = store.Dialect.OpenConnection())
        {
            await connection.ExecuteAsync("DELETE FROM events WHERE id = 'e1'");
        }

        var again = await store.IngestAsync(workspace, IngestBatch.OfEvents([Event("e1", "c1"), Event("e2", "c1")]));

        Assert.Equal((1, 1), (again.Accepted, again.Duplicates));
        Assert.Equal(2, (await store.GetStatsAsync(workspace)).Events);
    }

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task RefusedRequest_DoesNotTakeAnIdFromAnAcceptedOne(StorageEngine engine)
    {
        // Each id comes twice at once: from a request naming an unknown customer (refused whole) and
        // from a valid one. Whatever the grouping, each valid request must store its event.
        var (store, workspace) = await NewStore(engines, engine);
        await using var _ = store;
        await store.IngestAsync(workspace, IngestBatch.OfCustomers([CustomerProfile.Minimal("c1")]));

        var requests = Enumerable.Range(0, 200).Select(i => i % 2 == 0
            ? IngestBatch.OfEvents([Event($"e{i / 2}", "nobody")])
            : IngestBatch.OfEvents([Event($"e{i / 2}", "c1")]));
        var outcomes = await Task.WhenAll(requests.Select(b => Task.Run(() => store.IngestAsync(workspace, b))));

        Assert.All(outcomes.Where((_, i) => i % 2 == 0), o => Assert.Single(o.Rejected));
        Assert.All(outcomes.Where((_, i) => i % 2 == 1), o => Assert.Equal((1, 0), (o.Accepted, o.Duplicates)));
        Assert.Equal(100, (await store.GetStatsAsync(workspace)).Events);
    }

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task ConcurrentSmallRequests_AreAllCommittedOnce(StorageEngine engine)
    {
        var (store, workspace) = await NewStore(engines, engine);
        await using var _ = store;
        await store.IngestAsync(workspace, IngestBatch.OfCustomers(Enumerable.Range(0, 20).Select(i => CustomerProfile.Minimal($"c{i}")).ToList()));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 400).Select(i =>
            Task.Run(() => store.IngestAsync(workspace, IngestBatch.OfEvents([Event($"e{i % 300}", $"c{i % 20}", minutes: i)])))));

        Assert.Equal(300, outcomes.Sum(o => o.Accepted));
        Assert.Equal(100, outcomes.Sum(o => o.Duplicates));
        Assert.Equal(300, (await store.GetStatsAsync(workspace)).Events);
    }

    [Fact]
    public async Task DuckDbDialect_BindsAtParameters_InsteadOfReadingThemAsAbs()
    {
        // Guards the rewrite of @name to $name: unrewritten, DuckDB reads @id as abs(id) and matches every row.
        await using var store = engines.Open(StorageEngine.DuckDb);
        await store.EnsureWorkspaceAsync("one", Industry.Retail);
        await store.EnsureWorkspaceAsync("two", Industry.Retail);
        using var connection = store.Dialect.OpenConnection();
        var names = connection.Query<string>(store.Dialect.Sql("SELECT name FROM workspaces WHERE id = @id"), new { id = 2L }).ToList();
        Assert.Equal(["two"], names);
    }
}
