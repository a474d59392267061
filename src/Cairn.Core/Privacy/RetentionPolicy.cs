using Cairn.Core.Ingestion;

namespace Cairn.Core.Privacy;

/// <summary>
/// How long a kind of data is kept: after <see cref="Days"/> days it is deleted, or anonymised
/// (kept for the figures, stripped of who and what they wrote).
/// </summary>
public sealed record RetentionPolicy(string Kind, int Days, string Action);

/// <summary>The kinds of data a retention policy can govern, and what each allows.</summary>
public static class RetentionKinds
{
    public const string Delete = "delete";
    public const string Anonymise = "anonymise";

    public const int MinDays = 1;
    public const int MaxDays = 36_500;

    /// <summary>
    /// Each kind, what its age is measured from, and the actions it allows. Events can only be
    /// deleted: an event without its customer is no longer part of anyone's journey. Feedback and
    /// responses can be anonymised: scores, sentiment and themes stay in the metrics; the customer
    /// link and the words go.
    /// </summary>
    public static readonly IReadOnlyList<(string Kind, string AgeOf, string[] Actions)> All =
    [
        ("events", "when the event happened", [Delete]),
        ("feedback", "when the feedback was written", [Delete, Anonymise]),
        ("responses", "when the survey was answered", [Delete, Anonymise]),
        ("cases", "when the case was resolved (open cases are kept)", [Delete]),
        ("audit_log", "when the line was written", [Delete]),
    ];

    /// <summary>The policy if it is valid; otherwise null, with each problem named.</summary>
    public static RetentionPolicy? Check(string kind, int? days, string? action, List<ItemError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var found = All.FirstOrDefault(k => k.Kind == kind);
        if (found.Kind is null)
        {
            errors.Add(new ItemError(0, "kind", $"one of {string.Join(", ", All.Select(k => k.Kind))}"));
            return null;
        }

        if (days is not (>= MinDays and <= MaxDays))
        {
            errors.Add(new ItemError(0, "days", $"a whole number of days from {MinDays} to {MaxDays:N0}"));
        }

        if (action is null || !found.Actions.Contains(action))
        {
            errors.Add(new ItemError(0, "action", $"for {kind}: {string.Join(" or ", found.Actions)}"));
        }

        return errors.Count > 0 ? null : new RetentionPolicy(kind, days!.Value, action!);
    }
}
