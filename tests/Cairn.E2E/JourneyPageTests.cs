using Microsoft.Playwright;

namespace Cairn.E2E;

/// <summary>A CX lead opens the demo journey, sees the map drawn from data, accepts a pain point, builds a funnel and drafts a future state.</summary>
public sealed class JourneyPageTests : BrowserTest
{
    protected override async Task SeedAsync(string db)
    {
        await using var store = await DemoAsync(db);
    }

    [Fact]
    public async Task Lead_SeesTheFilledMap_AcceptsAPainPoint_BuildsAFunnel_AndDraftsAFutureState()
    {
        var page = await Chromium.SignedInPageAsync(Browser, Server);
        var scriptErrors = ScriptErrors(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Journeys" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Mobile subscriber journey" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Mobile subscriber journey", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".journey-map svg")).ToBeVisibleAsync();
        Assert.True(await page.Locator(".journey-map svg a").CountAsync() >= 16); // every touchpoint links to its verbatims
        Assert.True(await page.Locator(".journey-map svg polyline").CountAsync() == 1); // the emotional curve
        // The demo's support contacts drive churn: the data suggests it, nobody typed it.
        var churnRow = page.Locator("table.pain-points tr", new() { HasText = "Support call precedes churn" });
        await Assertions.Expect(churnRow).ToContainTextAsync("suggested");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "cairn-journey.png"), FullPage = true });

        await churnRow.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Decision saved");
        await Assertions.Expect(page.Locator("table.pain-points tr", new() { HasText = "Support call precedes churn" })).ToContainTextAsync("accepted");

        // Clicking a touchpoint opens its verbatims.
        await page.Locator("table.touchpoints").GetByRole(AriaRole.Link, new() { Name = "Support call" }).ClickAsync();
        Assert.Contains("touchpoint=Support", page.Url, StringComparison.Ordinal);

        await page.GotoAsync(Server.Url + "/journeys/1/paths");
        await page.GetByLabel("Steps (comma-separated; end an optional step with ?)").FillAsync("Website visit,Pre-sales chat?,Online checkout,SIM activation");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show funnel" }).ClickAsync();
        await Assertions.Expect(page.Locator("table.funnel tbody tr")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("table.funnel tbody tr").Nth(1)).ToContainTextAsync("(optional)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "cairn-journey-paths.png"), FullPage = true });
        await page.GetByLabel("Steps (comma-separated; end an optional step with ?)").FillAsync("Website visit,<b>Nowhere</b>");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show funnel" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("<b>Nowhere</b>"); // shown as text, not markup

        await page.GotoAsync(Server.Url + "/journeys/1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Draft a future-state copy" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Mobile subscriber journey (future state)" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("p.sub")).ToContainTextAsync("future state");
        Assert.Empty(scriptErrors);
    }
}
