using Cairn.Storage;

namespace Cairn.Cli.Demo;

/// <summary>The demo's written CX strategy and stage owners, so the cockpit opens on a strategy to present.</summary>
internal static class DemoStrategy
{
    public static async Task GenerateAsync(CairnStore store, long workspaceId)
    {
        await store.SaveStrategyAsync(workspaceId, new StrategyRow(
            "The mobile operator people never have to call.",
            "Your line works, your bill makes sense, and if something breaks we tell you first and fix it once.",
            "Support contacts and outages are the themes that most raise churn in our own data (Priorities), and detractors who called support leave far more often than promoters.",
            "Brightwave wins on reviews for its app, not its service; nobody in the market promises to call before the customer does.",
            "The call-back pilot cut the NPS cost of a support contact by half within two months, with the team we have.",
            "nps", 30, new DateTime(2027, 6, 30, 0, 0, 0, DateTimeKind.Utc), null, null), "demo");
        var owners = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Awareness"] = "Head of Marketing", ["Consideration"] = "Head of Sales", ["Purchase"] = "Head of Digital",
            ["Service and Use"] = DemoCases.CareLead, ["Loyalty and Advocacy"] = DemoCases.Retention,
        };
        foreach (var stage in await store.StageOwnersAsync(workspaceId))
        {
            if (owners.TryGetValue(stage.Stage, out var owner))
            {
                await store.SetStageOwnerAsync(workspaceId, stage.StageId, owner);
            }
        }
    }
}
