using Microsoft.Playwright;

namespace Cairn.E2E;

/// <summary>
/// A CX leader presents the demo's strategy cockpit (vision, the findings behind each test, North
/// Star chart, owners, roadmap with ROI), tells the customers who complained about waiting what the
/// call-back initiative did ("you said, we did"), names a stage owner, then compares staff's and customers' view of the support line and
/// adds an anonymous pain point as a member of staff.
/// </summary>
public sealed class StrategyPageTests : BrowserTest
{
    protected override async Task SeedAsync(string db)
    {
        await using var store = await DemoAsync(db);
    }

    [Fact]
    public async Task Leader_PresentsTheCockpit_AndComparesStaffWithCustomers()
    {
        var page = await Chromium.SignedInPageAsync(Browser, Server);
        var scriptErrors = ScriptErrors(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Strategy" }).ClickAsync();
        await Assertions.Expect(page.Locator("p.vision")).ToContainTextAsync("never have to call");
        await Assertions.Expect(page.Locator(".chart[data-drawn=true] svg")).ToBeVisibleAsync(); // the North Star trend is drawn
        Assert.True(await page.EvaluateAsync<int>("() => echarts.getInstanceByDom(document.querySelector('.chart')).getOption().series.find(s => s.name === 'Net Promoter Score').data.filter(v => v !== null).length") >= 10);
        var roadmap = page.Locator("table.roadmap tbody tr");
        await Assertions.Expect(roadmap).ToHaveCountAsync(3);
        await Assertions.Expect(roadmap.Filter(new() { HasText = "Call-back" })).ToContainTextAsync("measured");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "cairn-strategy.png"), FullPage = true });
        var grounded = page.Locator("table.tests tr", new() { HasText = "Grounded in customer insight" });
        await Assertions.Expect(grounded.Locator("ul.evidence li")).ToContainTextAsync("Waiting for support is what detractors talk about");
        await grounded.GetByRole(AriaRole.Button, new() { Name = "unlink" }).ClickAsync();
        await Assertions.Expect(page.Locator("table.tests tr", new() { HasText = "Grounded in customer insight" })).ToContainTextAsync("asserted, not shown");

        // You said, we did: the call-back's customers who complained about waiting are written to in their own words.
        await roadmap.Filter(new() { HasText = "Call-back" }).GetByRole(AriaRole.Link).First.ClickAsync();
        await Assertions.Expect(page.Locator("h2#tell")).ToBeVisibleAsync();
        await page.GetByText("How it reads for").ClickAsync();
        await Assertions.Expect(page.Locator("details.sample pre")).ToContainTextAsync("You told us “");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Write [0-9,]+ messages$") }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("wait in the outbox");
        await Assertions.Expect(page.Locator("table", new() { HasText = "Messages written for this initiative" }).Locator("tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Write ") })).ToHaveCountAsync(0); // everyone was told
        await page.GetByRole(AriaRole.Link, new() { Name = "Strategy" }).ClickAsync();

        await page.GetByLabel("Owner of Awareness").FillAsync("brand.lead@northwind.example");
        await page.Locator("table.stage-owners tr", new() { HasText = "Awareness" }).GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved");
        await Assertions.Expect(page.GetByLabel("Owner of Awareness")).ToHaveValueAsync("brand.lead@northwind.example");

        await page.GetByRole(AriaRole.Link, new() { Name = "Employees" }).ClickAsync();
        var support = page.Locator("table.voices tr", new() { HasText = "Support call" });
        await Assertions.Expect(support).ToContainTextAsync("120");
        await Assertions.Expect(page.Locator("table.voices tr", new() { HasText = "Renewal offer" })).ToContainTextAsync("withheld");
        await page.GetByText("Share what you see").ClickAsync();
        await page.GetByLabel("Team").FillAsync("Customer care");
        await page.GetByLabel("Touchpoint").SelectOptionAsync("Support call");
        await page.GetByLabel("What you see").FillAsync("Customers with a broken phone wait two days for a loan handset.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send anonymously" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("without your name");
        await Assertions.Expect(page.Locator("table.voices tr", new() { HasText = "Support call" })).ToContainTextAsync("121");
        await Assertions.Expect(page.Locator("ul.staff-said")).ToContainTextAsync("loan handset");
        Assert.Empty(scriptErrors);
    }
}
