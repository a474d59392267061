using Cairn.Core.Employees;
using Cairn.Storage;

namespace Cairn.Cli.Demo;

/// <summary>
/// The demo's voice of the employee: front-line teams' pulse scores, and the pain points and ideas
/// they see at the touchpoints they serve. Customer care sees the repeated calls customers
/// complain about; the retention desk has too few answers to show, so the page shows withholding.
/// </summary>
internal static class DemoEmployees
{
    private sealed record Team(string Name, string Touchpoint, int Items, double Pulse, string[] Pains, string[] Ideas);

    private static readonly Team[] Teams =
    [
        new("Customer care", "Support call", 120, 4.6,
            ["Customers call back three times because the first fix does not hold.", "We cannot see the outage map while on a call, so we guess.", "The queue is so long people are angry before we say hello.",
             "Billing errors land on us and we cannot correct them ourselves.", "Customers are transferred between teams and repeat their story every time."],
            ["Let us issue small credits on the call without a supervisor.", "Show the live outage map in the agent screen.", "Call customers back instead of making them wait on hold."]),
        new("Billing", "Monthly bill", 60, 5.8,
            ["Customers do not understand the roaming charges on the bill.", "The first bill after signup is confusing and triggers many calls.", "Price changes are announced too late."],
            ["Explain every new charge in plain words on the bill.", "Send a short video walkthrough of the first bill."]),
        new("Field service", "Technician visit", 40, 6.1,
            ["We arrive without the right part because the ticket lacks details.", "Appointment windows are too wide and customers take a day off."],
            ["Send a photo request before the visit.", "Offer two-hour appointment windows."]),
        new("Network operations", "Outage notice", 50, 5.2,
            ["Outage texts go out hours after customers notice.", "We have no way to say when service will be back."],
            ["Text an estimated fix time and update it.", "Credit affected customers automatically after a long outage."]),
        new("Digital", "App usage", 40, 7.4,
            ["The app logs customers out too often.", "Customers cannot find where to change their plan."],
            ["Add plan changes to the app home screen.", "Keep people signed in on their own phone."]),
        new("Retail", "Store visit", 35, 7.9,
            ["Stores cannot see online orders, so customers explain twice."],
            ["Let store staff see the customer's online basket.", "Offer SIM activation in store before the customer leaves."]),
        new("Retention desk", "Renewal offer", 3, 6.0, ["Renewal offers are worse than what new customers get."], ["Match the new-customer price at renewal."]),
    ];

    public static async Task<long> GenerateAsync(CairnStore store, long workspaceId, int seed)
    {
        var random = new Random(seed);
        var items = new List<EmployeeFeedback>();
        foreach (var team in Teams)
        {
            for (var i = 0; i < team.Items; i++)
            {
                var id = $"emp-{team.Name.Replace(' ', '-').ToLowerInvariant()}-{i}";
                switch (i % 3)
                {
                    case 0:
                        var pulse = Math.Clamp(Math.Round(team.Pulse + (random.NextDouble() * 4) - 2), 0, 10);
                        items.Add(new EmployeeFeedback(id, team.Name, EmployeeFeedbackKind.Pulse, team.Touchpoint, pulse, null));
                        break;
                    case 1:
                        items.Add(new EmployeeFeedback(id, team.Name, EmployeeFeedbackKind.PainPoint, team.Touchpoint, null, team.Pains[random.Next(team.Pains.Length)]));
                        break;
                    default:
                        items.Add(new EmployeeFeedback(id, team.Name, EmployeeFeedbackKind.Idea, team.Touchpoint, null, team.Ideas[random.Next(team.Ideas.Length)]));
                        break;
                }
            }
        }

        return (await store.AddEmployeeFeedbackAsync(workspaceId, items)).Accepted;
    }
}
