namespace Cairn.Core.Metrics;

/// <summary>
/// A metric's value with its interval at the requested confidence level, standard error and the
/// number of answers behind it. When <see cref="TooFew"/> is set, n is below the minimum the
/// caller chose, and the value must be shown as "too few responses", not as a number.
/// </summary>
public sealed record Estimate(double Value, double Low, double High, double StandardError, long N, bool TooFew)
{
    /// <summary>No answers at all: no value can be given.</summary>
    public static Estimate None => new(double.NaN, double.NaN, double.NaN, double.NaN, 0, true);
}
