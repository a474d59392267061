using Cairn.Core.Journeys;

namespace Cairn.Core.Tests.Journeys;

public sealed class JourneyDiffTests
{
    private static TouchpointDefinition Tp(string name, string channel, bool mot = false, params string[] events) => new(name, channel, mot, null, events);

    private static readonly JourneyDefinition Current = new("Service", null, null, null, JourneyState.Current,
    [
        new StageDefinition("Purchase", "Get connected", null, [Tp("Checkout", "web", false, "checkout"), Tp("Store visit", "store")]),
        new StageDefinition("Service", "It just works", null, [Tp("Support call", "phone", true, "support_call"), Tp("Outage notice", "sms")]),
        new StageDefinition("Loyalty", null, null, [Tp("Renewal", "email", true)]),
    ]);

    [Fact]
    public void IdenticalMaps_AreTheSameEverywhere()
    {
        var diff = JourneyDiff.Compare(Current, Current);
        Assert.All(diff, s => Assert.Equal(DiffKind.Same, s.Kind));
        Assert.All(diff.SelectMany(s => s.Touchpoints), t => Assert.Equal(DiffKind.Same, t.Kind));
    }

    [Fact]
    public void AddedRemovedChangedAndMovedElements_AreNamedInWords()
    {
        var future = Current with
        {
            State = JourneyState.Future,
            Stages =
            [
                new StageDefinition("Purchase", "Get connected in minutes", null, [Tp("Checkout", "web", false, "checkout", "checkout_v2")]),
                new StageDefinition("Service", "It just works", null, [Tp("Support call", "chat", false, "support_call"), Tp("Outage SMS", "sms", true), Tp("Store visit", "store")]),
                new StageDefinition("Advocacy", null, null, [Tp("Referral", "social")]),
            ],
        };

        var diff = JourneyDiff.Compare(Current, future);
        Assert.Equal(["Purchase", "Service", "Loyalty", "Advocacy"], diff.Select(s => s.Name)); // a dropped stage stays where it stood
        Assert.Equal([DiffKind.Changed, DiffKind.Changed, DiffKind.Removed, DiffKind.Added], diff.Select(s => s.Kind));
        Assert.Equal(["goal Get connected → Get connected in minutes"], diff[0].Changes);
        Assert.Equal(["new events: checkout_v2"], diff[0].Touchpoints.Single(t => t.Name == "Checkout").Changes);

        var service = diff[1].Touchpoints.ToDictionary(t => t.Name);
        Assert.Equal(["channel phone → chat", "no longer a moment of truth"], service["Support call"].Changes);
        Assert.Equal(DiffKind.Added, service["Outage SMS"].Kind);
        Assert.Equal(DiffKind.Removed, service["Outage notice"].Kind);
        Assert.Equal((DiffKind.Changed, "moved from Purchase"), (service["Store visit"].Kind, service["Store visit"].Changes[0])); // a move is not a removal plus an addition
        Assert.DoesNotContain(diff[0].Touchpoints, t => t.Name == "Store visit");
        Assert.Equal(DiffKind.Removed, Assert.Single(diff[2].Touchpoints).Kind);
    }
}
