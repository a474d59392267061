using Cairn.Core.Audits;

namespace Cairn.Core.Tests.Audits;

public sealed class RoadmapTests
{
    private static ComparisonRow Friction(long id, string name, double gap, bool momentOfTruth = false) =>
        new(new AuditTouchpoint(id, name, "Stage", momentOfTruth), [], 3 + gap, 3, "Brightwave", gap, gap >= 1, $"{gap} points more effort than Brightwave");

    private static readonly Func<long, string?> Owners = id => id == 7 ? "Customer care" : null;

    [Fact]
    public void GapsWithRevenueComeFirst_ThenWideOrMomentOfTruthFrictionGaps_NotAlreadyCovered()
    {
        RoadmapGap[] gaps =
        [
            new("theme:1", "Reliability", "theme", null, 4_000_000, "retention@x", "9,290 customers affected."),
            new("touchpoint:7", "Support call", "touchpoint", 7, 2_000_000, null, "2,373 customers affected."),
            new("theme:2", "Onboarding", "theme", null, 0, null, "nothing lost"),
        ];
        ComparisonRow[] frictions = [Friction(7, "Support call", 2), Friction(8, "SIM activation", 4), Friction(9, "Plan comparison", 1), Friction(10, "Renewal", 1, momentOfTruth: true)];

        var roadmap = Roadmap.Build(gaps, frictions, [], Owners);

        Assert.Equal(["Fix reliability", "Fix support call", "Cut effort at sim activation", "Cut effort at renewal"], roadmap.Select(i => i.Title));
        Assert.Equal([1, 2, 3, 4], roadmap.Select(i => i.Rank));
        Assert.Equal("retention@x", roadmap[0].Owner);
        Assert.Equal("Customer care", roadmap[1].Owner); // no analyst owner: the touchpoint's
        Assert.Contains("The audit walk agrees: 2 points more effort than Brightwave", roadmap[1].Reason, StringComparison.Ordinal);
        Assert.Equal("CES and NPS at Support call", roadmap[1].Metric);
        Assert.Null(roadmap[2].RevenueAtRisk);
    }

    [Fact]
    public void AnInitiativeAnsweringTheGap_IsInHand_UnlessCancelled()
    {
        RoadmapGap[] gaps = [new("theme:1", "Reliability", "theme", null, 4_000_000, null, "s"), new("theme:2", "Billing", "theme", null, 1_000_000, null, "s")];
        RoadmapInitiative[] initiatives =
        [
            new(1, "Outage SMS", "planned", "a@x", new HashSet<string> { "theme:1" }),
            new(2, "Bills", "cancelled", "b@x", new HashSet<string> { "theme:2" }),
            new(3, "eSIM fix", "in_progress", "c@x", new HashSet<string> { Roadmap.TouchpointKey(8) }),
        ];

        var roadmap = Roadmap.Build(gaps, [Friction(8, "SIM activation", 3)], initiatives, Owners);

        Assert.Equal("Outage SMS", roadmap[0].InHand?.Title);
        Assert.Null(roadmap[1].InHand);
        Assert.Equal("eSIM fix", roadmap[2].InHand?.Title);
    }
}
