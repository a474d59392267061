using Microsoft.Playwright;

namespace Cairn.E2E;

/// <summary>A care lead works a detractor case from the inbox to resolution, with a follow-up, and adds a case rule.</summary>
public sealed class CasePageTests : BrowserTest
{
    protected override async Task SeedAsync(string db)
    {
        await using var store = await DemoAsync(db);
    }

    [Fact]
    public async Task Lead_WorksADetractorCaseToResolution_AndAddsARule()
    {
        var page = await Chromium.SignedInPageAsync(Browser, Server);
        var scriptErrors = ScriptErrors(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Cases" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Cases", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".cards")).ToContainTextAsync("Detractors followed up");
        await page.GetByLabel("Status").SelectOptionAsync("new");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        var rows = page.Locator("table.cases tbody tr");
        Assert.True(await rows.CountAsync() > 0);
        await Assertions.Expect(rows.First).ToContainTextAsync("New");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "cairn-cases.png"), FullPage = true });
        await rows.First.Locator("td").First.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Case #" })).ToBeVisibleAsync();

        await page.GetByLabel("Note").FillAsync("Called the customer: <script>alert(1)</script> billed twice");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add note" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Note added.");
        await Assertions.Expect(page.Locator("ol.history")).ToContainTextAsync("<script>alert(1)</script>"); // shown as text

        await page.GetByLabel("Owner").SelectOptionAsync("care.lead@northwind.example");
        await page.GetByRole(AriaRole.Button, new() { Name = "Assign" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Assigned to care.lead@northwind.example.");

        await page.GetByLabel("Subject").FillAsync("We fixed your bill");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and send" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("SMTP is not configured");
        await Assertions.Expect(page.Locator("p.sub .status")).ToHaveTextAsync("Contacted");
        await Assertions.Expect(page.Locator("table.messages")).ToContainTextAsync("We fixed your bill");

        await page.GetByLabel("Move to").SelectOptionAsync("resolved");
        await page.GetByRole(AriaRole.Button, new() { Name = "Move" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("root cause"); // refused without one
        await page.GetByLabel("Move to").SelectOptionAsync("resolved");
        await page.GetByLabel("Root cause (to resolve)").FillAsync("billing error");
        await page.GetByRole(AriaRole.Button, new() { Name = "Move" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Moved to resolved.");
        await Assertions.Expect(page.Locator("p.sub .status")).ToHaveTextAsync("Resolved");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "cairn-case.png"), FullPage = true });

        await page.GotoAsync(Server.Url + "/cases/rules");
        await page.GetByLabel("Name").FillAsync("Unhappy buyers");
        await page.GetByLabel("Condition").FillAsync("csat <= 9");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("csat compares with a number from 1 to 5");
        await page.GetByLabel("Name").FillAsync("Unhappy buyers");
        await page.GetByLabel("Condition").FillAsync("csat <= 2 and touchpoint = \"Online checkout\"");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Rule \"Unhappy buyers\" added");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run rules now" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Rules ran:");
        await Assertions.Expect(page.Locator("table.case-rules")).ToContainTextAsync("csat <= 2 and touchpoint = \"Online checkout\"");
        Assert.Empty(scriptErrors);
    }
}
