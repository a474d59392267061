using Cairn.Core.Audits;
using Cairn.Storage;
using Cairn.Storage.Audits;

namespace Cairn.Cli.Demo;

/// <summary>
/// The demo's experience audit: an analyst walked our journey and both competitors' in the weeks
/// before the demo's today. The walks agree with the customers' data where the data is loud (eSIM
/// activation, the support line, the cancellation maze) and add what the data cannot show: how
/// much easier the same step is elsewhere.
/// </summary>
internal static class DemoAudits
{
    private sealed record Step(string Touchpoint, string Action, int Effort, string Emotion, double Minutes, string Observation);

    private static readonly Step[] Ours =
    [
        new("Website visit", "Looked for a SIM-only plan from the home page", 2, "neutral", 3, "Offers are clear; the SIM-only plans sit two clicks deep."),
        new("Plan comparison", "Compared three plans with roaming", 3, "confused", 9, "Roaming prices are on a separate page; the comparison table leaves them out."),
        new("Pre-sales chat", "Asked whether my number can move across", 3, "neutral", 12, "Answer after 7 minutes of queueing; friendly and correct."),
        new("Online checkout", "Bought the plan, eSIM, number transfer", 4, "worried", 14, "Identity check asks for a document photo twice; no progress indicator."),
        new("SIM activation", "Activated the eSIM and moved the number", 6, "frustrated", 95, "The eSIM QR code failed twice; the transfer needed a call to support. Line worked after 1.5 hours."),
        new("Monthly bill", "Read the first bill", 5, "confused", 10, "A pro-rated first month and two unexplained add-ons; no breakdown per line."),
        new("Support call", "Called about the add-ons on the bill", 5, "frustrated", 26, "18 minutes in the queue before the call-back offer appeared; the agent removed the add-ons."),
        new("Renewal offer", "Asked to cancel, to see what retention offers", 6, "angry", 35, "Cancellation only by phone; transferred twice; the offer came only after insisting."),
    ];

    private static readonly Step[] Brightwave =
    [
        new("Website visit", "Looked for a SIM-only plan from the home page", 2, "pleased", 2, "SIM-only is the first tab."),
        new("Plan comparison", "Compared three plans with roaming", 2, "pleased", 5, "Roaming is a column of the comparison table."),
        new("Pre-sales chat", "Asked whether my number can move across", 2, "pleased", 4, "Bot answered with the transfer steps; a person within 2 minutes."),
        new("Online checkout", "Bought the plan, eSIM, number transfer", 3, "neutral", 9, "One document photo; a three-step progress bar."),
        new("SIM activation", "Activated the eSIM and moved the number", 3, "pleased", 20, "QR code worked first time; number moved in 15 minutes, SMS at each step."),
        new("Monthly bill", "Read the first bill", 3, "neutral", 6, "Charges listed per line and per day for the first month."),
        new("Support call", "Called about a charge on the bill", 3, "pleased", 9, "Call-back offered at once; called back in 6 minutes."),
        new("Renewal offer", "Asked to cancel, to see what retention offers", 3, "neutral", 8, "Cancel online in the app; the retention offer shows on the confirmation page."),
    ];

    private static readonly Step[] TellusOne =
    [
        new("Website visit", "Looked for a SIM-only plan from the home page", 3, "confused", 5, "Bundles first; SIM-only hidden under 'more'."),
        new("Plan comparison", "Compared three plans with roaming", 4, "frustrated", 12, "No comparison table; one page per plan."),
        new("Online checkout", "Bought the plan, eSIM, number transfer", 3, "neutral", 10, "Quick, but the transfer is a separate form after purchase."),
        new("SIM activation", "Activated the eSIM and moved the number", 2, "delighted", 8, "eSIM in the app in under 10 minutes; the number moved the same hour."),
        new("Monthly bill", "Read the first bill", 4, "confused", 8, "Bill as PDF only; bundle discounts shown as one line."),
        new("Support call", "Called about a charge on the bill", 4, "neutral", 15, "12 minutes in the queue; resolved on the call."),
        new("Renewal offer", "Asked to cancel, to see what retention offers", 4, "worried", 14, "Cancel by chat; offer made before the cancellation is confirmed."),
    ];

    public static async Task GenerateAsync(CairnStore store, long workspaceId, long journeyId)
    {
        var touchpoints = (await store.ListTouchpointsAsync(workspaceId)).Where(t => t.JourneyId == journeyId).ToList();
        var today = DemoWorkspace.Today;
        foreach (var (title, competitor, days, steps) in new (string, string?, int, Step[])[]
        {
            ("Q4 walk of our journey: SIM-only with number transfer", null, 21, Ours),
            ("Q4 mystery shop: Brightwave", "Brightwave", 18, Brightwave),
            ("Q4 mystery shop: Tellus One", "Tellus One", 15, TellusOne),
        })
        {
            var audit = await store.CreateAuditAsync(workspaceId, new AuditDraft(title, competitor is null ? AuditVocabulary.Own : AuditVocabulary.Competitor, competitor, journeyId,
                "analyst@northwind.example", today.AddDays(-days), "Same task on each: a SIM-only plan with roaming, moving an existing number, then a billing question and a cancellation attempt."), "demo");
            foreach (var step in steps)
            {
                await store.AddAuditStepAsync(workspaceId, audit, new AuditStepDraft(touchpoints.First(t => t.Name == step.Touchpoint).Id, step.Action, step.Effort, step.Emotion,
                    step.Minutes, step.Observation));
            }
        }
    }
}
