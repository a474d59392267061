using Cairn.Core.Cases;
using Cairn.Core.Surveys;
using Cairn.Storage;
using Cairn.Web.Access;

namespace Cairn.Cli.Demo;

/// <summary>
/// The demo's closed loop: a care team of three, the rules a real team starts with, and the last
/// three weeks of cases run through the same store calls the inbox uses, day by day: most worked
/// and resolved with a root cause, some re-surveyed after recovery, the newest still open (a few
/// overdue). The follow-up messages are kept as unsent: the demo sends no mail.
/// </summary>
internal static class DemoCases
{
    public const string CareLead = "care.lead@northwind.example";
    public const string Billing = "billing.team@northwind.example";
    public const string Retention = "retention@northwind.example";

    private const int Days = 21;

    private static readonly string[] Notes =
    [
        "Called the customer; they described the problem in more detail.",
        "Checked the account history and the last support contacts.",
        "Left a voicemail and sent a text asking for a good time to talk.",
        "Escalated to the second line for a technical check.",
        "Customer confirmed the fix works.",
    ];

    public static async Task<int> GenerateAsync(CairnStore store, long workspaceId, long npsSurvey, Random random, string password)
    {
        foreach (var (email, role) in new[] { (CareLead, "case_owner"), (Billing, "case_owner"), (Retention, "case_owner"), ("analyst@northwind.example", "analyst") })
        {
            await store.CreateUserAsync(email, AccountEndpoints.HashPassword(email, password), workspaceId, role);
        }

        var since = DemoWorkspace.Today.AddDays(-Days);
        await store.CreateCaseRuleAsync(workspaceId, "Detractor follow-up", Parse("nps <= 6"), null, 48, since, "demo");
        await store.CreateCaseRuleAsync(workspaceId, "High effort at support", Parse("ces >= 6 and touchpoint = \"Support call\""), CareLead, 24, since, "demo");
        await store.CreateCaseRuleAsync(workspaceId, "Billing complaint in a review", Parse("source = review and sentiment = negative and theme = \"Billing and price\""), Billing, 72, since, "demo");
        await store.AddCaseRouteAsync(workspaceId, null, "enterprise", Retention);
        await store.AddCaseRouteAsync(workspaceId, null, "small_business", Retention);
        await store.AddCaseRouteAsync(workspaceId, null, "consumer", CareLead);

        for (var day = 1; day <= Days; day++)
        {
            await store.OpenCasesAsync(workspaceId, since.AddDays(day).AddHours(-6));
        }

        var (cases, _) = await store.CasesAsync(workspaceId, new CaseFilter(Limit: 100_000), DemoWorkspace.Today);
        // One transaction for the whole history: thousands of small commits would dominate the demo's start-up.
        var again = await store.WorkCasesAsync(workspaceId, async work =>
        {
            var responses = new List<SurveyResponse>();
            foreach (var c in cases.OrderBy(c => c.Id))
            {
                await WorkAsync(work, c, random, responses, npsSurvey);
            }

            return responses;
        });
        store.ImportResponses(workspaceId, again);
        return cases.Count;
    }

    /// <summary>One case as a care team would work it: most within a day, a tail much later, the newest not yet.</summary>
    private static async Task WorkAsync(CaseWork work, CaseRow c, Random random, List<SurveyResponse> again, long npsSurvey)
    {
        var owner = c.Owner ?? CareLead;
        var at = c.OpenedAt.AddHours(Math.Exp(1.5 + random.NextDouble() * 2.2)); // first action 4.5 h to 40 h after opening
        if (at >= DemoWorkspace.Today || random.NextDouble() < 0.05)
        {
            return; // not touched yet
        }

        if (c.Owner is null)
        {
            await work.AssignAsync(c.Id, owner, "care.lead@northwind.example", at.AddMinutes(-20));
        }

        await work.NoteAsync(c.Id, Notes[random.Next(3)], owner, at);
        at = at.AddHours(1 + random.NextDouble() * 6);
        if (at >= DemoWorkspace.Today)
        {
            return;
        }

        var name = c.CustomerName is { Length: > 0 } n ? n.Split(' ')[0] : "there";
        await work.FollowUpAsync(c.Id, c.CustomerId is null ? null : DemoWorkspace.Email(c.CustomerId), "About your recent feedback",
            $"Hello {name},\n\nThank you for telling us. I am sorry we let you down, and I have put it right on your account.\n\nKind regards,\nNorthwind Mobile care team",
            "unsent", "demo data: generated, not sent", owner, at);
        at = at.AddHours(6 + random.NextDouble() * 60);
        if (at >= DemoWorkspace.Today || random.NextDouble() < 0.08)
        {
            return; // contacted, not yet resolved
        }

        await work.MoveAsync(c.Id, CaseStatus.Resolved, RootCause(c, random), owner, at);
        if (c.QuestionId == "nps" && c.CustomerId is not null && c.Score is { } before && random.NextDouble() < 0.4)
        {
            // Re-surveyed a week or two after recovery; a well-handled failure lifts most scores.
            var answered = at.AddDays(7 + random.Next(14));
            if (answered < DemoWorkspace.Today)
            {
                var spread = random.NextDouble() + random.NextDouble() + random.NextDouble() - 1.5; // roughly normal, sd 0.5
                var score = Math.Clamp((int)Math.Round(before + 1.6 + spread * 4), 0, 10);
                again.Add(new SurveyResponse($"nps-recovery-{c.Id}", npsSurvey, 1, c.CustomerId, true, null, null, "email", "en", answered.AddMinutes(-2), answered, [new Answer("nps", score, null)]));
            }
        }
    }

    private static string RootCause(CaseRow c, Random random)
    {
        var text = c.Verbatim?.ToLowerInvariant() ?? "";
        return text switch
        {
            _ when text.Contains("bill", StringComparison.Ordinal) || text.Contains("charge", StringComparison.Ordinal) => "billing error",
            _ when text.Contains("signal", StringComparison.Ordinal) || text.Contains("outage", StringComparison.Ordinal) => "network outage",
            _ when text.Contains("wait", StringComparison.Ordinal) || text.Contains("hold", StringComparison.Ordinal) => "long wait",
            _ => random.NextDouble() < 0.5 ? "agent knowledge" : "expectation mismatch",
        };
    }

    private static CaseCondition Parse(string rule) => CaseConditionParser.Parse(rule, new List<string>()) ?? throw new InvalidOperationException("demo rule does not parse: " + rule);
}
