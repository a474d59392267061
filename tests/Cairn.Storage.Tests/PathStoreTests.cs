using Cairn.Core.Events;
using Cairn.Core.Ingestion;
using Cairn.Core.Journeys;
using Cairn.Core.Journeys.Paths;
using Cairn.Core.Privacy;
using Cairn.Core.Workspaces;
using Cairn.Testing;
using CsCheck;

namespace Cairn.Storage.Tests;

/// <summary>Journey analytics in SQL, checked against an independently written graph, hand counts and the in-memory implementation.</summary>
public sealed class PathStoreTests(Engines engines)
{
    private static readonly DateTime T0 = new(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc);

    private static async Task<long> LoadAsync(CairnStore store, IEnumerable<PathStep> steps, JourneyDefinition? journey = null)
    {
        var workspace = (await store.EnsureWorkspaceAsync("paths", Industry.Retail)).Id;
        if (journey is not null)
        {
            store.CreateJourney(workspace, journey);
        }

        var events = steps.Select((s, i) => new TrackEvent($"e{i:D6}", s.CustomerId, s.Name, s.Time, "web", null)).ToList();
        var outcome = await store.IngestAsync(workspace, new IngestBatch([], events, [], CreateMissingCustomers: true));
        Assert.Equal(events.Count, outcome.Accepted);
        return workspace;
    }

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task RunningExample_DirectlyFollowsGraph_EqualsTheIndependentlyWrittenOne(StorageEngine engine)
    {
        await using var store = engines.Open(engine);
        var workspace = await LoadAsync(store, RunningExample.Steps());
        var expected = RunningExample.ReadDfg();

        var dfg = await store.DirectlyFollowsAsync(workspace, null, PathScope.Default(PathLevel.Event));

        Assert.Equal(6, dfg.Customers);
        Assert.Equal(42, dfg.Steps);
        Assert.Equal(expected.Activities.Order(StringComparer.Ordinal), dfg.Activities.Select(a => a.Name).Order(StringComparer.Ordinal));
        Assert.Equal(expected.Starts, dfg.Starts.ToDictionary(s => s.Name, s => s.Count));
        Assert.Equal(expected.Ends, dfg.Ends.ToDictionary(s => s.Name, s => s.Count));
        Assert.Equal(16, dfg.Edges.Count);
        Assert.Equal(expected.Edges, dfg.Edges.ToDictionary(e => (e.From, e.To), e => e.Count));

        var variants = await store.PathVariantsAsync(workspace, null, PathScope.Default(PathLevel.Event), 10);
        Assert.Equal(6, variants.DistinctVariants);
        Assert.All(variants.Top, v => Assert.Equal(1, v.Customers));
    }

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task RunningExample_MedianDurations_EqualTheInMemoryOnes(StorageEngine engine)
    {
        await using var store = engines.Open(engine);
        var workspace = await LoadAsync(store, RunningExample.Steps());
        var expected = new InMemoryPaths(RunningExample.Steps(), false).DirectlyFollows();

        var dfg = await store.DirectlyFollowsAsync(workspace, null, PathScope.Default(PathLevel.Event));

        foreach (var edge in expected.Edges)
        {
            var actual = dfg.Edges.Single(e => e.From == edge.From && e.To == edge.To);
            Assert.Equal(edge.MedianSeconds!.Value, actual.MedianSeconds!.Value, 3);
        }

        Assert.Equal(expected.Activities.Select(a => (a.Name, a.Occurrences, a.Customers)).Order(), dfg.Activities.Select(a => (a.Name, a.Occurrences, a.Customers)).Order());
    }

    /// <summary>A small log counted by hand: a → b → c funnel with a 2-day window and an optional step.</summary>
    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task Funnel_OnAHandCountedLog_ConvertsAsCounted(StorageEngine engine)
    {
        PathStep S(string who, string what, double hours) => new(who, what, T0.AddHours(hours));
        var log = new[]
        {
            S("u1", "visit", 0), S("u1", "cart", 1), S("u1", "pay", 2),                    // converts, no coupon
            S("u2", "visit", 0), S("u2", "coupon", 3), S("u2", "cart", 5), S("u2", "pay", 30), // converts with coupon (before cart)
            S("u3", "visit", 0), S("u3", "cart", 10), S("u3", "pay", 60),                  // pays after the 48 h window: drops at pay
            S("u4", "visit", 0), S("u4", "pay", 1), S("u4", "cart", 2),                    // wrong order: drops at pay
            S("u5", "cart", 0), S("u5", "visit", 1),                                       // cart before entering: drops at cart
            S("u6", "coupon", 0),                                                          // never enters
        };
        await using var store = engines.Open(engine);
        var workspace = await LoadAsync(store, log);
        var funnel = FunnelDefinition.Parse(PathLevel.Event, "visit, coupon?, cart, pay", "48h", null, null, out var error)!;
        Assert.Null(error);

        var result = await store.FunnelAsync(workspace, null, funnel);

        Assert.Equal([5L, 1, 4, 2], result.Steps.Select(s => s.Reached));
        Assert.Equal([0L, 0, 1, 2], result.Steps.Select(s => s.DroppedOff));
        Assert.Equal(40, result.Steps[3].ConversionFromStart, 6);
        Assert.Equal(50, result.Steps[3].ConversionFromPrevious, 6);
        Assert.Equal(3 * 3600, result.Steps[1].MedianSecondsFromPrevious);
        Assert.Equal(3.5 * 3600, result.Steps[2].MedianSecondsFromPrevious); // u1 1 h, u4 2 h, u2 5 h, u3 10 h
        Assert.Equal((1 + 25) / 2.0 * 3600, result.Steps[3].MedianSecondsFromPrevious);
        Assert.Equal(result, new InMemoryPaths(log, false).Funnel(funnel), FunnelComparer.Instance);
    }

    /// <summary>Random logs: the SQL and the in-memory implementation agree on the graph, the variants and a funnel.</summary>
    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task RandomLogs_SqlAgreesWithInMemory(StorageEngine engine)
    {
        var names = new[] { "a", "b", "c", "d" };
        var logs = Gen.Select(Gen.Int[0, 5], Gen.Int[0, 3].Select(i => names[i]), Gen.Int[0, 500])
            .Array[1, 60]
            .Select(rows => rows.Select(r => (Customer: "c" + r.Item1, r.Item2, Minute: r.Item3)).DistinctBy(r => (r.Customer, r.Minute))
                .Select(r => new PathStep(r.Customer, r.Item2, T0.AddMinutes(r.Minute))).ToList());
        await using var store = engines.Open(engine);
        var funnel = FunnelDefinition.Parse(PathLevel.Event, "a,b?,c,d", "200m", null, null, out _)!;
        await logs.SampleAsync(async log =>
        {
            // Half the log first, a query (which builds the path index), then the rest: the index
            // must re-order the customers the second half touched, earlier steps included.
            var workspace = await LoadInNewWorkspaceAsync(store, log.Where((_, i) => i % 2 == 0).ToList());
            await store.DirectlyFollowsAsync(workspace, null, PathScope.Default(PathLevel.Event));
            await LoadAsync(store, workspace, log.Where((_, i) => i % 2 == 1).ToList(), "late");
            foreach (var collapse in new[] { false, true })
            {
                var memory = new InMemoryPaths(log, collapse);
                var scope = new PathScope(PathLevel.Event, collapse);
                var dfg = await store.DirectlyFollowsAsync(workspace, null, scope);
                var expected = memory.DirectlyFollows();
                Assert.Equal(expected.Edges.Select(e => (e.From, e.To, e.Count, Math.Round(e.MedianSeconds ?? -1, 3))).Order(), dfg.Edges.Select(e => (e.From, e.To, e.Count, Math.Round(e.MedianSeconds ?? -1, 3))).Order());
                Assert.Equal(expected.Starts.Select(e => (e.Name, e.Count)).Order(), dfg.Starts.Select(e => (e.Name, e.Count)).Order());
                Assert.Equal(expected.Ends.Select(e => (e.Name, e.Count)).Order(), dfg.Ends.Select(e => (e.Name, e.Count)).Order());
                var variants = await store.PathVariantsAsync(workspace, null, scope, 1000);
                Assert.Equal(memory.Variants(1000).Top.Select(v => (string.Join(">", v.Steps), v.Customers)).Order(), variants.Top.Select(v => (string.Join(">", v.Steps), v.Customers)).Order());
            }

            Assert.Equal(new InMemoryPaths(log, false).Funnel(funnel), await store.FunnelAsync(workspace, null, funnel), FunnelComparer.Instance);

            // Within a time window, steps outside it are not neighbours: the same as the log cut to the window.
            var (from, to) = (T0.AddMinutes(100), T0.AddMinutes(400));
            var window = new InMemoryPaths(log.Where(s => s.Time >= from && s.Time < to).ToList(), collapseRepeats: true);
            var windowed = await store.DirectlyFollowsAsync(workspace, null, new PathScope(PathLevel.Event, true, from, to));
            Assert.Equal(window.DirectlyFollows().Edges.Select(e => (e.From, e.To, e.Count)).Order(), windowed.Edges.Select(e => (e.From, e.To, e.Count)).Order());
            Assert.Equal(window.DirectlyFollows().Activities.Select(a => (a.Name, a.Occurrences, a.Customers)).Order(), windowed.Activities.Select(a => (a.Name, a.Occurrences, a.Customers)).Order());
            Assert.Equal(window.Variants(1000).Top.Select(v => (string.Join(">", v.Steps), v.Customers)).Order(),
                (await store.PathVariantsAsync(workspace, null, new PathScope(PathLevel.Event, true, from, to), 1000)).Top.Select(v => (string.Join(">", v.Steps), v.Customers)).Order());
        }, iter: 25, threads: 1);
    }

    /// <summary>
    /// Editing a current map in place: a touchpoint's new event rule maps stored events at once, a
    /// dropped touchpoint's events go unmapped, kept touchpoints keep their ids (and the survey
    /// placed on one stays placed), and dropping a touchpoint that a survey is placed on is refused.
    /// </summary>
    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task CurrentMapEdit_MapsStoredEventsAgain_AndKeepsWhatIsPlaced(StorageEngine engine)
    {
        TouchpointDefinition T(string name, params string[] events) => new(name, "web", false, null, events);
        JourneyDefinition Map(params StageDefinition[] stages) => new("j", null, null, null, JourneyState.Current, stages);
        var before = Map(new StageDefinition("Buy", null, null, [T("Checkout", "checkout")]), new StageDefinition("Use", null, null, [T("App", "app_login"), T("Support", "ticket_opened")]));
        PathStep S(string who, string what, double hours) => new(who, what, T0.AddHours(hours));
        await using var store = engines.Open(engine);
        var workspace = await LoadAsync(store, [S("p1", "checkout", 0), S("p1", "app_login", 1), S("p1", "ticket_opened", 2), S("p2", "order_placed", 0), S("p2", "ticket_opened", 5)], before);
        var touchpoints = await store.ListTouchpointsAsync(workspace);
        var journeyId = touchpoints[0].JourneyId;
        var support = touchpoints.Single(t => t.Name == "Support").Id;
        store.CreateSurvey(workspace, "CES", Cairn.Core.Surveys.SurveyKind.Ces, support, """{"pages":[]}""");
        var graph = await store.DirectlyFollowsAsync(workspace, journeyId, new PathScope(PathLevel.Touchpoint, false));
        Assert.Equal([("App", "Support", 1L), ("Checkout", "App", 1L)], graph.Edges.Select(e => (e.From, e.To, e.Count)).Order());

        // Checkout is now also recognised by order_placed; App is dropped.
        var after = Map(new StageDefinition("Buy", null, null, [T("Checkout", "checkout", "order_placed")]), new StageDefinition("Use", null, null, [T("Support", "ticket_opened")]));
        var edit = await store.ReplaceCurrentJourneyAsync(workspace, journeyId, after);
        Assert.Equal(JourneyEditOutcome.Done, edit.Outcome);
        Assert.Equal(5, edit.EventsRemapped); // p1's three mapped events, p2's mapped ticket and its newly named order
        Assert.Equal(support, (await store.ListTouchpointsAsync(workspace)).Single(t => t.Name == "Support").Id);
        graph = await store.DirectlyFollowsAsync(workspace, journeyId, new PathScope(PathLevel.Touchpoint, false));
        Assert.Equal([("Checkout", "Support", 2L)], graph.Edges.Select(e => (e.From, e.To, e.Count)).Order());

        var refused = await store.ReplaceCurrentJourneyAsync(workspace, journeyId, Map(new StageDefinition("Buy", null, null, [T("Checkout", "checkout")])));
        Assert.Equal(JourneyEditOutcome.InUse, refused.Outcome);
        Assert.Equal(["touchpoint 'Support' holds surveys (1)"], refused.InUse);
        Assert.Equal(2, (await store.ListTouchpointsAsync(workspace)).Count);
    }

    /// <summary>
    /// Paths before churn, counted by hand: four patterns of 30 customers each. Steps on or after the
    /// day a customer churned do not count (P3's last step), and repeats collapse (P2's a, a).
    /// </summary>
    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task ChurnLifts_CountTouchpointsAndTransitionsBeforeTheChurnDay(StorageEngine engine)
    {
        var journey = new JourneyDefinition("j", null, null, null, JourneyState.Current,
        [
            new StageDefinition("Buy", null, null, [new("A", "web", false, null, ["a"]), new("B", "web", false, null, ["b"])]),
            new StageDefinition("Use", null, null, [new("C", "app", false, null, ["c"])]),
        ]);
        await using var store = engines.Open(engine);
        var workspace = (await store.EnsureWorkspaceAsync("lifts", Industry.Retail)).Id;
        store.CreateJourney(workspace, journey);
        var patterns = new (string Name, (string Event, int Day)[] Steps, int? ChurnDay)[]
        {
            ("p1", [("a", 1), ("b", 2)], 10),
            ("p2", [("a", 1), ("a", 2), ("c", 3)], null),
            ("p3", [("b", 1), ("c", 12)], 11),
            ("p4", [("a", 1), ("b", 2), ("c", 3)], null),
        };
        var customers = new List<Cairn.Core.Customers.CustomerProfile>();
        var events = new List<TrackEvent>();
        foreach (var (name, steps, churn) in patterns)
        {
            for (var i = 0; i < 30; i++)
            {
                var id = $"{name}-{i}";
                customers.Add(Cairn.Core.Customers.CustomerProfile.Minimal(id) with
                {
                    Status = churn is null ? Cairn.Core.Customers.CustomerStatus.Active : Cairn.Core.Customers.CustomerStatus.Churned,
                    ChurnedAt = churn is { } day ? T0.AddDays(day).AddHours(5) : null,
                });
                events.AddRange(steps.Select((s, k) => new TrackEvent($"{id}-{k}", id, s.Event, T0.AddDays(s.Day), "web", null)));
            }
        }

        await store.IngestAsync(workspace, IngestBatch.OfCustomers(customers));
        await store.IngestAsync(workspace, IngestBatch.OfEvents(events));
        var journeyId = (await store.ListTouchpointsAsync(workspace))[0].JourneyId;
        var lifts = await store.OutcomeLiftsAsync(workspace, journeyId, PathOutcome.Churn, null, null);
        Assert.Equal(
            [("A", (string?)null, 90L, 30L), ("A", "B", 60L, 30L), ("A", "C", 30L, 0L), ("B", null, 90L, 60L), ("B", "C", 30L, 0L), ("C", null, 60L, 0L)],
            lifts.Select(l => (l.From, l.To, l.Ratio.Exposed, l.Ratio.ExposedEvents)).OrderBy(l => l.From, StringComparer.Ordinal).ThenBy(l => l.To ?? "", StringComparer.Ordinal));
        Assert.All(lifts, l => Assert.Equal((120 - l.Ratio.Exposed, 60 - l.Ratio.ExposedEvents), (l.Ratio.Others, l.Ratio.OtherEvents)));
    }

    /// <summary>Deleting old events by retention, or a customer by erasure, takes their steps out of the index.</summary>
    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task PathIndex_ForgetsDeletedEvents(StorageEngine engine)
    {
        PathStep S(string who, string what, double hours) => new(who, what, T0.AddHours(hours));
        await using var store = engines.Open(engine);
        var workspace = await LoadAsync(store, [S("p1", "a", 0), S("p1", "b", 1), S("p1", "c", 200), S("p2", "a", 0), S("p2", "c", 1)]);
        var before = await store.DirectlyFollowsAsync(workspace, null, PathScope.Default(PathLevel.Event));
        Assert.Equal([("a", "b", 1L), ("a", "c", 1L), ("b", "c", 1L)], before.Edges.Select(e => (e.From, e.To, e.Count)).Order());

        await store.EraseCustomerAsync(workspace, "p2", "test");
        await store.SetRetentionPolicyAsync(workspace, "events", new RetentionPolicy("events", 30, RetentionKinds.Delete), "test");
        await store.ApplyRetentionAsync(workspace, T0.AddHours(100).AddDays(30), "test");
        var after = await store.DirectlyFollowsAsync(workspace, null, PathScope.Default(PathLevel.Event));
        Assert.Equal([("c", 1L)], after.Activities.Select(a => (a.Name, a.Occurrences)));
        Assert.Empty(after.Edges);
    }

    private static int _workspaces;

    private static async Task<long> LoadInNewWorkspaceAsync(CairnStore store, IReadOnlyList<PathStep> steps)
    {
        var workspace = (await store.EnsureWorkspaceAsync("random-" + Interlocked.Increment(ref _workspaces), Industry.Retail)).Id;
        await LoadAsync(store, workspace, steps, "e");
        return workspace;
    }

    private static Task<IngestOutcome> LoadAsync(CairnStore store, long workspace, IReadOnlyList<PathStep> steps, string idPrefix) =>
        store.IngestAsync(workspace, new IngestBatch([], steps.Select((s, i) => new TrackEvent($"{idPrefix}{i:D6}", s.CustomerId, s.Name, s.Time, null, null)).ToList(), [], CreateMissingCustomers: true));

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task TouchpointAndStageLevels_UseTheJourneyMapping_AndCollapseRepeats(StorageEngine engine)
    {
        var journey = new JourneyDefinition("j", null, null, null, JourneyState.Current,
        [
            new StageDefinition("Discover", null, null, [new("Site", "web", false, null, ["site_visit"]), new("Ad", "social", false, null, ["ad_viewed"])]),
            new StageDefinition("Buy", null, null, [new("Checkout", "web", true, null, ["checkout"])]),
            new StageDefinition("Use", null, null, [new("App", "app", false, null, ["app_login"]), new("Support", "phone", true, null, ["ticket_opened", "ticket_closed"])]),
        ]);
        PathStep S(string who, string what, double hours) => new(who, what, T0.AddHours(hours));
        var log = new[]
        {
            S("p1", "ad_viewed", 0), S("p1", "site_visit", 1), S("p1", "site_visit", 2), S("p1", "checkout", 26), S("p1", "app_login", 30), S("p1", "app_login", 31),
            S("p2", "site_visit", 0), S("p2", "checkout", 50), S("p2", "ticket_opened", 60), S("p2", "ticket_closed", 61), S("p2", "unmapped_event", 62),
        };
        await using var store = engines.Open(engine);
        var workspace = await LoadAsync(store, log, journey);
        var journeyId = (await store.ListTouchpointsAsync(workspace))[0].JourneyId;

        var touchpoints = await store.PathVariantsAsync(workspace, journeyId, PathScope.Default(PathLevel.Touchpoint), 10);
        Assert.Equal(["Ad>Site>Checkout>App", "Site>Checkout>Support"], touchpoints.Top.Select(v => string.Join(">", v.Steps)).Order());

        var stages = await store.DirectlyFollowsAsync(workspace, journeyId, PathScope.Default(PathLevel.Stage));
        Assert.Equal([("Buy", "Use", 2L), ("Discover", "Buy", 2L)], stages.Edges.Select(e => (e.From, e.To, e.Count)).Order());

        var times = await store.StageTransitionTimesAsync(workspace, journeyId, null, null);
        Assert.Equal(["Discover>Buy", "Buy>Use"], times.Select(t => t.From + ">" + t.To));
        Assert.Equal((26 + 50) / 2.0 * 3600, times[0].MedianSeconds!.Value, 3);
        Assert.Equal((4 + 10) / 2.0 * 3600, times[1].MedianSeconds!.Value, 3);
    }

    /// <summary>The Sankey's flows counted by hand: who went where at each position, and how each path ended.</summary>
    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task PathFlow_CountsEachPositionsFlows_AndEndsPathsAsChurnedStayedOrGoingOn(StorageEngine engine)
    {
        var journey = new JourneyDefinition("j", null, null, null, JourneyState.Current,
        [
            new StageDefinition("Discover", null, null, [new("Site", "web", false, null, ["site_visit"]), new("Ad", "social", false, null, ["ad_viewed"])]),
            new StageDefinition("Buy", null, null, [new("Checkout", "web", true, null, ["checkout"])]),
            new StageDefinition("Use", null, null, [new("App", "app", false, null, ["app_login"])]),
        ]);
        PathStep S(string who, string what, double hours) => new(who, what, T0.AddHours(hours));
        var log = new[]
        {
            S("p1", "ad_viewed", 0), S("p1", "site_visit", 1), S("p1", "checkout", 2), S("p1", "app_login", 3),       // D, B, U; churned
            S("p2", "site_visit", 0), S("p2", "checkout", 5),                                                         // D, B; still a customer
            S("p3", "site_visit", 0), S("p3", "checkout", 1), S("p3", "app_login", 2), S("p3", "site_visit", 3), S("p3", "checkout", 4), // D, B, U, D, B
        };
        await using var store = engines.Open(engine);
        var workspace = await LoadAsync(store, log, journey);
        await store.IngestAsync(workspace, IngestBatch.OfCustomers([Cairn.Core.Customers.CustomerProfile.Minimal("p1") with { Status = Cairn.Core.Customers.CustomerStatus.Churned, ChurnedAt = T0.AddDays(2) }]));
        var journeyId = (await store.ListTouchpointsAsync(workspace))[0].JourneyId;

        var flow = await store.PathFlowAsync(workspace, journeyId, PathScope.Default(PathLevel.Stage), 3);

        Assert.Equal(3, flow.Customers);
        Assert.Equal(
            [
                (1, "Discover", "Buy", null, 3L),
                (2, "Buy", "Use", null, 2L), (2, "Buy", null, PathFlow.Stayed, 1L),
                (3, "Use", null, PathFlow.Churned, 1L), (3, "Use", null, PathFlow.More, 1L),
            ],
            flow.Links.Select(l => (l.Step, l.From, l.To, l.End, l.Customers)).OrderBy(l => l.Step).ThenByDescending(l => l.To is not null).ThenBy(l => l.End, StringComparer.Ordinal));
    }

    private sealed class FunnelComparer : IEqualityComparer<FunnelResult>
    {
        public static readonly FunnelComparer Instance = new();

        public bool Equals(FunnelResult? x, FunnelResult? y) =>
            x is not null && y is not null && x.Steps.Count == y.Steps.Count && x.Steps.Zip(y.Steps).All(p =>
                p.First.Name == p.Second.Name && p.First.Reached == p.Second.Reached && p.First.DroppedOff == p.Second.DroppedOff
                && Math.Abs(p.First.ConversionFromPrevious - p.Second.ConversionFromPrevious) < 1e-9
                && Math.Abs((p.First.MedianSecondsFromPrevious ?? -1) - (p.Second.MedianSecondsFromPrevious ?? -1)) < 1e-3);

        public int GetHashCode(FunnelResult obj) => obj.Steps.Count;
    }
}
