using Cairn.Core.Journeys;
using Cairn.Core.Workspaces;
using Cairn.Testing;

namespace Cairn.Storage.Tests;

/// <summary>A future-state map is rewritten in one transaction on both engines; a current-state map never is.</summary>
public sealed class JourneyEditStoreTests(Engines engines)
{
    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task AFutureState_IsRewritten_AndItsPainPointsAndOwnersFollowByName(StorageEngine engine)
    {
        await using var store = engines.Open(engine);
        var ws = (await store.EnsureWorkspaceAsync("edit", Industry.Telecommunications)).Id;
        var current = store.CreateJourney(ws, new JourneyDefinition("Service", null, null, null, JourneyState.Current,
        [
            new StageDefinition("Service", null, null, [new TouchpointDefinition("Support call", "phone", true, null, ["support_call"]), new TouchpointDefinition("Outage notice", "sms", false, null, [])]),
        ]));
        var source = (await store.JourneyAsync(ws, current))!;
        var future = store.CreateJourney(ws, source.ToDefinition() with { Name = "Service (future)", State = JourneyState.Future }, current);
        var draft = (await store.JourneyAsync(ws, future))!;
        Assert.Equal(current, draft.BasedOn);
        var support = draft.Stages[0].Touchpoints[0].Id;
        await store.DecidePainPointAsync(ws, future, support, null, "Long queue", null, "accepted", null, null, "analyst");
        await store.DecidePainPointAsync(ws, future, draft.Stages[0].Touchpoints[1].Id, null, "Nobody is told", null, "accepted", null, null, "analyst");
        Assert.True(await store.SetStageOwnerAsync(ws, draft.Stages[0].Id, "care.lead@example.com"));

        var redesign = new JourneyDefinition("Service (future)", null, "Scope", null, JourneyState.Future,
        [
            new StageDefinition("Service", "It just works", null, [new TouchpointDefinition("Support call", "chat", true, "Care", ["support_chat"]), new TouchpointDefinition("Outage SMS", "sms", true, null, [])]),
            new StageDefinition("Loyalty", null, null, []),
        ]);
        Assert.Equal(JourneyEditOutcome.Done, await store.ReplaceFutureJourneyAsync(ws, future, redesign));
        Assert.Equal(JourneyEditOutcome.NotFuture, await store.ReplaceFutureJourneyAsync(ws, current, redesign));
        Assert.Equal(JourneyEditOutcome.NotFound, await store.ReplaceFutureJourneyAsync(ws, 999_999, redesign));

        var after = (await store.JourneyAsync(ws, future))!;
        Assert.Equal((2, "Scope", current), (after.Version, after.Scope, after.BasedOn));
        Assert.Equal(["Support call", "Outage SMS"], after.Stages[0].Touchpoints.Select(t => t.Name));
        Assert.Equal(["support_chat"], after.Stages[0].Touchpoints[0].EventNames);
        var pains = await store.PainPointsAsync(ws, future);
        Assert.Equal(after.Stages[0].Touchpoints[0].Id, pains.Single(p => p.Title == "Long queue").TouchpointId); // followed its touchpoint by name
        Assert.Null(pains.Single(p => p.Title == "Nobody is told").TouchpointId); // its touchpoint is gone: the text stays, the link does not
        Assert.Equal("care.lead@example.com", (await store.StageOwnersAsync(ws)).Single(o => o.StageId == after.Stages[0].Id).Owner);

        var untouched = (await store.JourneyAsync(ws, current))!;
        Assert.Equal((1, "phone"), (untouched.Version, untouched.Stages[0].Touchpoints[0].Channel));
    }

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task CustomerActions_RoundTrip_AndOpportunitiesKeepTheirEvidenceAndStatus(StorageEngine engine)
    {
        await using var store = engines.Open(engine);
        var ws = (await store.EnsureWorkspaceAsync("opportunities", Industry.Telecommunications)).Id;
        var id = store.CreateJourney(ws, new JourneyDefinition("Service", null, null, null, JourneyState.Current,
        [
            new StageDefinition("Service", "It just works", null, [new TouchpointDefinition("Support call", "phone", true, null, ["support_call"])]) { Actions = "Calls when the line drops" },
        ]));
        var journey = (await store.JourneyAsync(ws, id))!;
        Assert.Equal("Calls when the line drops", journey.Stages[0].Actions);
        Assert.Equal("Calls when the line drops", journey.ToDefinition().Stages[0].Actions);

        var support = journey.Stages[0].Touchpoints[0].Id;
        var opportunity = await store.AddOpportunityAsync(ws, id, new OpportunityDraft(support, null, "Call back instead of queueing", null, "care@example.com",
            new DateTime(2027, 3, 1, 0, 0, 0, DateTimeKind.Utc), """{"feedback": ["t1"], "metric": "CES 4.1"}"""), "analyst");
        Assert.True(await store.SetOpportunityStatusAsync(ws, id, opportunity, "planned"));
        Assert.False(await store.SetOpportunityStatusAsync(ws, id + 1, opportunity, "done")); // another journey's id: nothing changes

        var stored = Assert.Single(await store.OpportunitiesAsync(ws, id));
        Assert.Equal((support, "planned", "care@example.com", new DateTime(2027, 3, 1), "analyst"), (stored.TouchpointId!.Value, stored.Status, stored.Owner, stored.DueDate!.Value.Date, stored.CreatedBy));
        Assert.Contains("CES 4.1", stored.Evidence, StringComparison.Ordinal);
    }
}
