using Cairn.Core.Drivers;

namespace Cairn.Core.Tests.Drivers;

/// <summary>Shapley decomposition of R² checked on synthetic data whose true weights are known.</summary>
public sealed class KeyDriverTests
{
    private static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    [Fact]
    public void IndependentDrivers_GetShares_InProportionToTheirSquaredWeights()
    {
        // y = 3·x1 + 2·x2 + 1·x3 + e, all unit variance: R² = 14/15, shares 9/14, 4/14, 1/14.
        var random = new Random(1);
        var moments = new DriverMoments(["x1", "x2", "x3"]);
        for (var i = 0; i < 40_000; i++)
        {
            double[] x = [Gaussian(random), Gaussian(random), Gaussian(random)];
            moments.Add(x, 3 * x[0] + 2 * x[1] + x[2] + Gaussian(random));
        }

        var result = KeyDrivers.Analyse(moments);

        Assert.Equal(14.0 / 15, result.RSquared, 2);
        Assert.Equal(["x1", "x2", "x3"], result.Drivers.Select(d => d.Name));
        Assert.Equal(9.0 / 14, result.Drivers[0].Share, 1.5e-2);
        Assert.Equal(4.0 / 14, result.Drivers[1].Share, 1.5e-2);
        Assert.Equal(1.0 / 14, result.Drivers[2].Share, 1.5e-2);
    }

    [Fact]
    public void CorrelatedDrivers_ShareWhatTheyExplainTogether_AndContributionsAddUpToRSquared()
    {
        var random = new Random(2);
        var moments = new DriverMoments(["a", "b", "noise"]);
        for (var i = 0; i < 20_000; i++)
        {
            var a = Gaussian(random);
            var b = 0.8 * a + 0.6 * Gaussian(random); // corr(a, b) = 0.8
            moments.Add([a, b, Gaussian(random)], a + b + Gaussian(random));
        }

        var result = KeyDrivers.Analyse(moments);

        Assert.Equal(result.RSquared, result.Drivers.Sum(d => d.Contribution), 9);
        var a1 = result.Drivers.Single(d => d.Name == "a");
        var b1 = result.Drivers.Single(d => d.Name == "b");
        Assert.Equal(a1.Share, b1.Share, 0.05); // equal true weights, equal shares, although they overlap
        Assert.True(result.Drivers.Single(d => d.Name == "noise").Share < 0.01);
    }

    [Fact]
    public void AnExactDuplicate_SplitsTheImportanceInHalf()
    {
        var random = new Random(3);
        var moments = new DriverMoments(["x", "copy of x"]);
        for (var i = 0; i < 5_000; i++)
        {
            var x = Gaussian(random);
            moments.Add([x, x], 2 * x + Gaussian(random));
        }

        var result = KeyDrivers.Analyse(moments);

        Assert.Equal(0.5, result.Drivers[0].Share, 3);
        Assert.Equal(0.5, result.Drivers[1].Share, 3);
    }

    [Fact]
    public void ThemeFlags_DriveNps_WithTheirDirection()
    {
        // NPS-like scores: raising billing costs 3 points, raising wait time 1, delivery nothing.
        var random = new Random(4);
        var moments = new DriverMoments(["Billing", "Wait", "Delivery"]);
        for (var i = 0; i < 10_000; i++)
        {
            double[] x = [random.NextDouble() < 0.3 ? 1 : 0, random.NextDouble() < 0.3 ? 1 : 0, random.NextDouble() < 0.3 ? 1 : 0];
            moments.Add(x, Math.Clamp(Math.Round(8.5 - 3 * x[0] - 1 * x[1] + Gaussian(random)), 0, 10));
        }

        var result = KeyDrivers.Analyse(moments);

        Assert.Equal("Billing", result.Drivers[0].Name);
        Assert.True(result.Drivers[0].Correlation < 0);
        Assert.True(result.Drivers[0].Beta < 0);
        Assert.Equal("Wait", result.Drivers[1].Name);
        Assert.True(result.Drivers[2].Share < 0.01);
        Assert.InRange(result.Drivers[0].Count, 2_800, 3_200);
    }

    [Fact]
    public void TooFewObservations_OrAConstantOutcome_GiveNoImportances()
    {
        var few = new DriverMoments(["x"]);
        for (var i = 0; i < 50; i++)
        {
            few.Add([i], i);
        }

        Assert.True(KeyDrivers.Analyse(few).TooFew);

        var flat = new DriverMoments(["x"]);
        for (var i = 0; i < 500; i++)
        {
            flat.Add([i], 7);
        }

        Assert.True(KeyDrivers.Analyse(flat).TooFew);
    }
}
