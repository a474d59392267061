namespace Cairn.Core.Metrics;

/// <summary>
/// How much more often something happens to the exposed than to the others (e.g. churn among
/// customers who raised a theme vs those who did not): rates, their ratio (lift) and its
/// interval on the log scale (Katz), with whether the lift is real at the given level.
/// </summary>
public sealed record RiskRatio(long ExposedEvents, long Exposed, long OtherEvents, long Others, double ExposedRate, double OtherRate, double? Lift, double? Low, double? High, bool Significant)
{
    public static RiskRatio Of(long exposedEvents, long exposed, long otherEvents, long others, double level = 0.95)
    {
        var exposedRate = exposed == 0 ? 0 : (double)exposedEvents / exposed;
        var otherRate = others == 0 ? 0 : (double)otherEvents / others;
        if (exposedEvents == 0 || otherEvents == 0 || exposed == 0 || others == 0)
        {
            return new RiskRatio(exposedEvents, exposed, otherEvents, others, exposedRate * 100, otherRate * 100, null, null, null, false);
        }

        var lift = exposedRate / otherRate;
        var se = Math.Sqrt(1.0 / exposedEvents - 1.0 / exposed + 1.0 / otherEvents - 1.0 / others);
        var z = Normal.TwoSidedCritical(level);
        var low = Math.Exp(Math.Log(lift) - z * se);
        var high = Math.Exp(Math.Log(lift) + z * se);
        return new RiskRatio(exposedEvents, exposed, otherEvents, others, exposedRate * 100, otherRate * 100, lift, low, high, low > 1 || high < 1);
    }
}
