namespace Cairn.Core.Maturity;

/// <summary>
/// What the workspace's own data says about its Voice-of-Customer program, counted in SQL over a
/// recent window (the store fills it; <see cref="VocMaturity"/> turns it into levels).
/// </summary>
/// <param name="Touchpoints">Touchpoints of current-state journeys.</param>
/// <param name="TouchpointsWithFeedback">Of them, those with a survey response or a feedback item in the window.</param>
/// <param name="TouchpointsWithOwner">Of them, those with a named owner.</param>
/// <param name="Kinds">Kinds of feedback present in the window: direct, indirect, inferred (behaviour: events count as inferred).</param>
/// <param name="Feedback">Feedback items in the window (comments, reviews, tickets…), excluding competitors'.</param>
/// <param name="FeedbackWithCustomer">Of them, those linked to a known customer.</param>
/// <param name="Responses">Survey responses in the window.</param>
/// <param name="ResponsesWithTouchpoint">Of them, those placed on a touchpoint.</param>
/// <param name="Texts">Feedback items with text in the window.</param>
/// <param name="TextsAnalysed">Of them, those with a sentiment (analysed on arrival).</param>
/// <param name="NegativeTexts">Texts with negative sentiment.</param>
/// <param name="NegativeWithTheme">Of them, those explained by at least one theme.</param>
/// <param name="Detractors">Customers who gave NPS 0-6 in the window.</param>
/// <param name="DetractorsWithCase">Of them, those with a closed-loop case.</param>
/// <param name="MedianHoursToFirstAction">Median hours from a case opening to its first action, null with no acted case.</param>
/// <param name="Cases">Cases opened in the window.</param>
/// <param name="CasesWithOwner">Of them, those with an owner.</param>
/// <param name="Customers">Customers known.</param>
/// <param name="CustomersWithRevenue">Of them, those with monthly revenue (what links experience to money).</param>
/// <param name="InitiativesMeasured">Initiatives launched (their outcome is measured before and after).</param>
public sealed record MaturityTally(
    long Touchpoints, long TouchpointsWithFeedback, long TouchpointsWithOwner, IReadOnlySet<string> Kinds,
    long Feedback, long FeedbackWithCustomer, long Responses, long ResponsesWithTouchpoint,
    long Texts, long TextsAnalysed, long NegativeTexts, long NegativeWithTheme,
    long Detractors, long DetractorsWithCase, double? MedianHoursToFirstAction, long Cases, long CasesWithOwner,
    long Customers, long CustomersWithRevenue, long InitiativesMeasured);
