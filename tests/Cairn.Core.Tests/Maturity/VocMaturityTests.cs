using Cairn.Core.Maturity;

namespace Cairn.Core.Tests.Maturity;

public sealed class VocMaturityTests
{
    private static MaturityTally Tally(
        long touchpoints = 10, long heard = 10, long owned = 10, string[]? kinds = null, long feedback = 100, long linked = 100, long responses = 50, long placed = 50,
        long texts = 80, long analysed = 80, long negative = 20, long themed = 20, long detractors = 40, long withCase = 40, double? hours = 2, long cases = 40, long caseOwned = 40,
        long customers = 1000, long revenue = 1000, long measured = 1) =>
        new(touchpoints, heard, owned, new HashSet<string>(kinds ?? ["direct", "indirect", "inferred"]), feedback, linked, responses, placed, texts, analysed, negative, themed,
            detractors, withCase, hours, cases, caseOwned, customers, revenue, measured);

    private static MaturityLevel Level(MaturityReport report, string key) => report.Dimensions.Single(d => d.Dimension.Key == key);

    [Theory]
    [InlineData(0, 10, 1)]
    [InlineData(1, 10, 1)]
    [InlineData(2, 10, 2)]
    [InlineData(4, 10, 3)]
    [InlineData(6, 10, 4)]
    [InlineData(8, 10, 5)]
    [InlineData(10, 10, 5)]
    public void Band_GivesALevelPerFifth(long part, long whole, int level) => Assert.Equal(level, VocMaturity.Band(part, whole));

    [Fact]
    public void Band_IsNullWhenNothingWasCounted() => Assert.Null(VocMaturity.Band(0, 0));

    [Fact]
    public void AFullProgram_IsLeadingOnEveryDimension()
    {
        var report = VocMaturity.Assess(Tally(), new Dictionary<string, int>());

        Assert.Equal(8, report.Dimensions.Count);
        Assert.All(report.Dimensions, d => Assert.Equal(5, d.Level));
        Assert.Equal(5, report.Overall);
        Assert.Equal("leading", report.Stage);
    }

    [Fact]
    public void EachDimension_FollowsItsOwnFigure()
    {
        var report = VocMaturity.Assess(Tally(heard: 3, kinds: ["direct"], withCase: 10, hours: 50, themed: 9, owned: 2, caseOwned: 40, measured: 0, revenue: 900, linked: 30),
            new Dictionary<string, int>());

        Assert.Equal(2, Level(report, "signals").Level);         // 30% of touchpoints heard
        Assert.Equal(2, Level(report, "closed_loop").Level);     // 25% of detractors followed up
        Assert.Equal(3, Level(report, "time_to_action").Level);  // 50 hours: within three days
        Assert.Equal(3, Level(report, "text_analytics").Level);  // 45% of negative texts explained
        Assert.Equal(3, Level(report, "operations").Level);      // touchpoint owners 20% (2), cases 100% (5): floor of the mean
        Assert.Equal(3, Level(report, "financial").Level);       // revenue on 90% (5), but nothing measured yet: capped at 3
        Assert.Equal(2, Level(report, "data_quality").Level);    // 30% linked, all placed: the weaker counts
        Assert.Contains("Add indirect and inferred feedback", Level(report, "signals").Next, StringComparison.Ordinal);
        Assert.Equal("3 of 10 touchpoints (30%) have feedback in the window", Level(report, "signals").Evidence[0]);
    }

    [Fact]
    public void OneKindOfVoice_CapsSignalsCoverageAtThree() =>
        Assert.Equal(3, Level(VocMaturity.Assess(Tally(kinds: ["direct", "inferred"]), new Dictionary<string, int>()), "signals").Level);

    [Fact]
    public void WhereTheDataIsSilent_TheTeamsAnswerCounts_ButDataComesFirst()
    {
        var silent = Tally(hours: null, detractors: 0, withCase: 0);
        var report = VocMaturity.Assess(silent, new Dictionary<string, int> { ["time_to_action"] = 2, ["signals"] = 1 });

        var action = Level(report, "time_to_action");
        Assert.Equal((null, 2, 2), (action.Computed, action.Asked, action.Level));
        var loop = Level(report, "closed_loop");
        Assert.Null(loop.Level);                                  // neither data nor answer
        var signals = Level(report, "signals");
        Assert.Equal((5, 1, 5), (signals.Computed, signals.Asked, signals.Level));
        Assert.Equal((5.0 * 6 + 2) / 7, report.Overall!.Value, 10); // the unassessed dimension is left out of the mean
    }

    [Fact]
    public void NothingAssessed_SaysSo()
    {
        var empty = new MaturityTally(0, 0, 0, new HashSet<string>(), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, 0, 0, 0, 0, 0);
        var report = VocMaturity.Assess(empty, new Dictionary<string, int>());

        Assert.Null(report.Overall);
        Assert.Equal("not assessed", report.Stage);
    }
}
