using Microsoft.Playwright;

namespace Cairn.E2E;

/// <summary>
/// A CX lead finds the demo's customers most at risk, reads why, checks how far the score is
/// trusted, opens proactive-outreach cases for two of them, and follows one to its 360 view.
/// </summary>
public sealed class CustomerHealthPageTests : BrowserTest
{
    protected override async Task SeedAsync(string db)
    {
        await using var store = await DemoAsync(db);
    }

    [Fact]
    public async Task Lead_FindsTheCustomersMostAtRisk_AndOpensOutreachCases()
    {
        var page = await Chromium.SignedInPageAsync(Browser, Server);
        var scriptErrors = ScriptErrors(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "At risk" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Customers at risk" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".health-check")).ToContainTextAsync("AUC");
        var rows = page.Locator("table.at-risk tbody tr");
        Assert.True(await rows.CountAsync() >= 10);
        await Assertions.Expect(rows.First.Locator("td.why")).ToContainTextAsync("("); // the points each reason cost
        var first = await rows.Nth(0).Locator("td").Nth(1).InnerTextAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "cairn-at-risk.png") });

        await rows.Nth(0).GetByRole(AriaRole.Checkbox).CheckAsync();
        await rows.Nth(1).GetByRole(AriaRole.Checkbox).CheckAsync();
        await page.GetByLabel("Owner").FillAsync("retention@example.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Open outreach cases for the chosen customers" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("2 outreach cases opened");
        await Assertions.Expect(rows.Nth(0).Locator("td").Last).ToContainTextAsync("case ");
        Assert.True(await rows.Nth(0).GetByRole(AriaRole.Checkbox).IsDisabledAsync()); // one open case per customer

        // Narrowed to a moment, every row is at that moment.
        await page.GetByRole(AriaRole.Link, new() { Name = "before renewal" }).ClickAsync();
        foreach (var moment in await page.Locator("table.at-risk tbody tr td:nth-child(4)").AllInnerTextsAsync())
        {
            Assert.Equal("before renewal", moment);
        }

        await page.GotoAsync(Server.Url + "/customers/at-risk");
        await page.GetByRole(AriaRole.Link, new() { Name = first, Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("section.customer-health")).ToContainTextAsync("Starting point");
        await Assertions.Expect(page.Locator("section.customer-health")).ToContainTextAsync("Proactive outreach is under way");
        await page.Locator("section.customer-health a[href^='/cases/']").ClickAsync();
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("health score: proactive outreach");
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("retention@example.com");
        Assert.Empty(scriptErrors);
    }
}
