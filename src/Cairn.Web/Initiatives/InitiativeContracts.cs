using Cairn.Storage.Initiatives;
using Cairn.Web.Http;

namespace Cairn.Web.Initiatives;

/// <summary>
/// A new initiative. Touchpoints and segments say whom the change reaches (the affected group it is
/// measured on); themes and painPoints say what it answers. gapKey (from the priorities board) adds
/// the gap's theme, touchpoint or pain point to the links.
/// </summary>
public sealed record InitiativeRequest(
    string? Title, string? Description, string? Owner, string? Sponsor, string? Metric, double? Baseline, double? Target,
    string? StartDate, string? DueDate, int? WindowDays, string? GapKey,
    IReadOnlyList<string>? Touchpoints, IReadOnlyList<string>? Segments, IReadOnlyList<string>? Themes, IReadOnlyList<long>? PainPoints);

/// <summary>A status move; launchedAt (optional) records a launch that happened earlier.</summary>
public sealed record InitiativeStatusRequest(string? Status, string? LaunchedAt);

/// <summary>One week of the metric for the affected and for the others (null: too few answers that week).</summary>
public sealed record InitiativeWeekValue(DateTime Week, MetricValue? Affected, MetricValue? Others);

/// <summary>
/// The before/after measurement of a launched initiative over [from, to), launch in between:
/// the four cells, the difference-in-differences effect with its interval, whether the target
/// was reached, and the weekly series for the chart.
/// </summary>
public sealed record InitiativeMeasurement(
    string Metric, DateTime From, DateTime Launch, DateTime To,
    MetricValue? AffectedBefore, MetricValue? AffectedAfter, MetricValue? OthersBefore, MetricValue? OthersAfter,
    double? Effect, double? Low, double? High, double? PValue, bool Significant, bool Controlled, bool? TargetMet, string Verdict,
    IReadOnlyList<InitiativeWeekValue> Weeks);

/// <summary>An initiative with its links and, once launched, its measurement.</summary>
public sealed record InitiativeResponse(InitiativeRow Initiative, bool Overdue, InitiativeMeasurement? Measurement);
