using Cairn.Core.Audits;

namespace Cairn.Core.Tests.Audits;

public sealed class AuditComparisonTests
{
    private static readonly AuditTouchpoint Sim = new(1, "SIM activation", "Purchase", true);
    private static readonly AuditTouchpoint Bill = new(2, "Monthly bill", "Service", false);
    private static readonly AuditTouchpoint Chat = new(3, "Chat", "Service", false);
    private static readonly AuditTouchpoint Unwalked = new(4, "Referral", "Loyalty", false);

    private static Walk Us(params WalkStep[] steps) => new(10, "us", true, null, steps);

    private static Walk Them(string company, params WalkStep[] steps) => new(company.Length, company, false, null, steps);

    [Fact]
    public void Gap_IsOurEffortMinusTheBestAlternative_AndOnePointMakesAFrictionGap()
    {
        var comparison = AuditComparison.Compare([Sim, Bill, Chat, Unwalked],
        [
            Us(new WalkStep(1, 6, "frustrated", 90), new WalkStep(2, 3, "neutral", 5), new WalkStep(3, 2, "pleased", 4)),
            Them("Brightwave", new WalkStep(1, 4, "neutral", 20), new WalkStep(2, 2, "pleased", 4), new WalkStep(3, 4, "confused", 10)),
            Them("Tellus", new WalkStep(1, 2, "delighted", 8)),
        ]);

        Assert.Equal(["SIM activation", "Monthly bill", "Chat"], comparison.Rows.Select(r => r.Touchpoint.Name)); // journey order; unwalked left out
        var sim = comparison.Rows[0];
        Assert.Equal(6, sim.Ours);
        Assert.Equal(2, sim.BestAlternative);
        Assert.Equal("Tellus", sim.BestCompany);
        Assert.Equal(4, sim.Gap);
        Assert.True(sim.FrictionGap);
        Assert.Equal("4 points more effort than Tellus", sim.Verdict);
        Assert.Equal("1 point more effort than Brightwave", comparison.Rows[1].Verdict);
        Assert.True(comparison.Rows[1].FrictionGap);
        Assert.False(comparison.Rows[2].FrictionGap);
        Assert.Equal("easier than every competitor walked (2 below Brightwave)", comparison.Rows[2].Verdict);
        Assert.Equal(["SIM activation", "Monthly bill"], comparison.FrictionGaps.Select(r => r.Touchpoint.Name));
        Assert.Null(comparison.Rows[1].Cells[2].Effort); // Tellus did not walk the bill
    }

    [Fact]
    public void Cells_AverageRepeatedSteps_KeepTheWorstFeeling_AndSumMinutes()
    {
        var comparison = AuditComparison.Compare([Sim], [Us(new WalkStep(1, 6, "pleased", 30), new WalkStep(1, 3, "angry", null), new WalkStep(1, 4, "confused", 15))]);

        var cell = comparison.Rows.Single().Cells.Single();
        Assert.Equal(13 / 3.0, cell.Effort!.Value, 10);
        Assert.Equal("angry", cell.Emotion);
        Assert.Equal(45, cell.Minutes);
        Assert.Equal(3, cell.Steps);
        Assert.Equal("no competitor walked it", comparison.Rows.Single().Verdict);
        var summary = comparison.Walks.Single();
        Assert.Equal(1, summary.HighEffortSteps);
        Assert.Equal(2 / 3.0, summary.NegativeShare!.Value, 10);
    }

    [Fact]
    public void Touchpoint_WalkedOnlyByCompetitors_IsNotAGap()
    {
        var row = AuditComparison.Compare([Bill], [Us(), Them("Brightwave", new WalkStep(2, 1, null, null))]).Rows.Single();

        Assert.Null(row.Gap);
        Assert.False(row.FrictionGap);
        Assert.Equal("not walked on our side", row.Verdict);
    }
}
