using Cairn.Core.Initiatives;
using Cairn.Storage;
using Cairn.Storage.Initiatives;

namespace Cairn.Cli.Demo;

/// <summary>
/// The demo's improvement initiatives: one launched 75 days before the demo's today (support
/// call-backs instead of queues; the generated NPS answers of customers who call support improve
/// after it, so its measured effect is real data, not a number typed in), one in progress and one
/// planned, each with an owner, a due date and a success metric.
/// </summary>
internal static class DemoInitiatives
{
    /// <summary>When the call-back initiative reached customers: from then on, support contacts cost less NPS.</summary>
    public static readonly DateTime CallBackLaunch = DemoWorkspace.Today.AddDays(-75);

    public static async Task GenerateAsync(CairnStore store, long workspaceId)
    {
        var touchpoints = await store.ListTouchpointsAsync(workspaceId);
        var themes = await store.ThemesAsync(workspaceId);
        long Touchpoint(string name) => touchpoints.First(t => t.Name == name).Id;
        long Theme(string name) => themes.First(t => t.Name == name).Id;
        var today = DemoWorkspace.Today;

        var callBack = await store.CreateInitiativeAsync(workspaceId, new InitiativeDraft(
            "Call-back instead of queueing at the support line",
            "Customers who would wait more than two minutes are offered a call-back within the hour; agents get the customer's last case and scores on screen.",
            DemoCases.CareLead, "VP Customer Operations", "nps", -34, -25, today.AddDays(-120), today.AddDays(-60), 75, null,
            [Touchpoint("Support call")], [], [Theme("Wait time")], []), "demo");
        await store.SetInitiativeLaunchAsync(workspaceId, callBack, CallBackLaunch);

        var billing = await store.CreateInitiativeAsync(workspaceId, new InitiativeDraft(
            "Plain-language bills with a usage breakdown",
            "Redesign the monthly bill so that every charge says what it is for; warn before a bill is more than 20% above the usual.",
            DemoCases.Billing, "CFO", "nps", null, null, today.AddDays(-20), today.AddDays(45), 90, null,
            [], ["consumer"], [Theme("Billing and price")], []), "demo");
        await store.SetInitiativeStatusAsync(workspaceId, billing, InitiativeStatus.InProgress, today.AddDays(-20));

        var outage = await store.CreateInitiativeAsync(workspaceId, new InitiativeDraft(
            "Outage status page and proactive SMS",
            "Tell affected customers about an outage before they call, and again when it is over.",
            DemoCases.Retention, "CTO", "nps", 2, 8, today.AddDays(10), today.AddDays(90), 90, null,
            [], [], [Theme("Reliability and outages")], []), "demo");

        // What each costs, for the strategy cockpit's ROI (the billing redesign has no NPS target yet).
        await store.SetInitiativeEconomicsAsync(workspaceId, callBack, 180_000, null);
        await store.SetInitiativeEconomicsAsync(workspaceId, billing, 95_000, null);
        await store.SetInitiativeEconomicsAsync(workspaceId, outage, 40_000, null);
        // Opportunities on the map: the call-back (taken up by the initiative) and the outage SMS (still open).
        var journey = touchpoints.First(t => t.Name == "Support call").JourneyId;
        var planned = await store.AddOpportunityAsync(workspaceId, journey, new OpportunityDraft(Touchpoint("Support call"), null, "Call back instead of queueing",
            "Offer a call-back within the hour to anyone who would wait more than two minutes.", DemoCases.CareLead, today.AddDays(-60),
            """{"feedback": [], "metric": "Support call: CES 4.1 and churn 1.9 times that of customers who never call"}"""), "demo");
        await store.SetOpportunityStatusAsync(workspaceId, journey, planned, "planned");
        await store.AddOpportunityAsync(workspaceId, journey, new OpportunityDraft(Touchpoint("Outage notice"), null, "Tell customers about an outage before they call",
            "An SMS when an outage starts in their area and another when it is over.", DemoCases.Retention, today.AddDays(90),
            """{"feedback": [], "metric": "Outage notice: churn 1.7 times that of customers without an outage"}"""), "demo");
        await DemoStrategy.GenerateAsync(store, workspaceId);
        await DemoInsights.GenerateAsync(store, workspaceId, callBack);
    }
}
