using Cairn.Core.Employees;
using Cairn.Core.Journeys;
using Cairn.Core.Workspaces;
using Cairn.Testing;

namespace Cairn.Storage.Tests;

public sealed class EmployeeVoiceStoreTests(Engines engines)
{
    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task StaffFeedback_IsAnonymous_StoredOnce_AndWithheldBelowTheMinimumGroup(StorageEngine engine)
    {
        await using var store = engines.Open(engine);
        var ws = (await store.EnsureWorkspaceAsync("voe", Industry.Telecommunications)).Id;
        store.CreateJourney(ws, new JourneyDefinition("Service", null, null, null, JourneyState.Current,
            [new StageDefinition("Service and Use", null, null, [new TouchpointDefinition("Support call", "phone", true, null, ["support_call"]), new TouchpointDefinition("Monthly bill", "email", false, null, ["bill_issued"])])]));
        var items = Enumerable.Range(0, 10).Select(i => i % 2 == 0
                ? new EmployeeFeedback($"c{i}", "Customer care", EmployeeFeedbackKind.PainPoint, "support call", null, "Customers call back because the first fix does not hold. Frustrating.")
                : new EmployeeFeedback($"c{i}", "Customer care", EmployeeFeedbackKind.Pulse, "Support call", 4, null))
            .Append(new EmployeeFeedback("b1", "Billing", EmployeeFeedbackKind.Idea, "Monthly bill", null, "Explain every new charge in plain words."))
            .Append(new EmployeeFeedback("b2", "Billing", EmployeeFeedbackKind.Pulse, "Monthly bill", 7, null))
            .ToList();

        var first = await store.AddEmployeeFeedbackAsync(ws, items);
        var again = await store.AddEmployeeFeedbackAsync(ws, items);
        var unknown = await store.AddEmployeeFeedbackAsync(ws, [new EmployeeFeedback("x", "Retail", EmployeeFeedbackKind.Idea, "Store visit", null, "More staff on Saturdays")]);

        Assert.Equal((12, 0, 0, 12), (first.Accepted, first.Duplicates, again.Accepted, again.Duplicates));
        Assert.Equal((0, "touchpoint"), (unknown.Rejected[0].Index, unknown.Rejected[0].Field));
        var report = await store.EmployeeVoiceAsync(ws, 5, DateTime.UtcNow.AddDays(-30));
        var support = Assert.Single(report.Touchpoints, t => t.Touchpoint == "Support call");
        Assert.Equal((10L, false, 4.0, 5L), (support.EmployeeItems, support.Withheld, support.EmployeePulse!.Value, support.PainPoints));
        Assert.True(support.EmployeeSentiment < 0);
        var bill = Assert.Single(report.Touchpoints, t => t.Touchpoint == "Monthly bill");
        Assert.Equal((2L, true, (double?)null), (bill.EmployeeItems, bill.Withheld, bill.EmployeePulse)); // two answers could point at two people
        Assert.Equal([("Billing", true), ("Customer care", false)], report.Teams.Select(t => (t.Team, t.Withheld)));
        var said = Assert.Single(report.Said); // the billing idea is withheld with its touchpoint
        Assert.Equal(("pain_point", 5L), (said.Kind, said.Count));
    }
}
