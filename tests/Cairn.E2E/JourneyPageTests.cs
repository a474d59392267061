using Microsoft.Playwright;

namespace Cairn.E2E;

/// <summary>A CX lead opens the demo journey, sees the map drawn from data, accepts a pain point, builds a funnel, drafts a future state, redesigns it in the editor and compares it with today's map.</summary>
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
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved");
        await Assertions.Expect(page.Locator("table.pain-points tr", new() { HasText = "Support call precedes churn" })).ToContainTextAsync("accepted");

        // An opportunity that answers the accepted pain point, with its evidence, lands on the map's opportunities lane.
        await page.GetByText("Add an opportunity").ClickAsync();
        await page.GetByLabel("Opportunity", new() { Exact = true }).FillAsync("Fix it on the first call");
        await page.GetByLabel("Where").SelectOptionAsync(new SelectOptionValue { Label = "Service and Use · Support call" });
        await page.GetByLabel("Answers the pain point").SelectOptionAsync(new SelectOptionValue { Label = "Support call precedes churn" });
        await page.GetByLabel("Evidence: the metric in words").FillAsync("Churn 1.9 times higher after a support call");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add opportunity" }).ClickAsync();
        await Assertions.Expect(page.Locator("table.opportunities tr", new() { HasText = "Fix it on the first call" })).ToContainTextAsync("answers: Support call precedes churn");
        await Assertions.Expect(page.Locator(".journey-map svg")).ToContainTextAsync("◆ Fix it on the first call");
        await Assertions.Expect(page.Locator(".journey-map svg")).ToContainTextAsync("Uses the line and the app"); // the actions lane

        // Clicking a touchpoint on the map opens its figures, verbatims, pain points and opportunities.
        await page.Locator(".journey-map svg a", new() { HasText = "Support call" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Support call ★" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("section[aria-label='What the data says']")).ToContainTextAsync("Churn lift");
        Assert.True(await page.Locator("ul.verbatims li").CountAsync() >= 5);
        await Assertions.Expect(page.Locator("ul.evidence")).ToContainTextAsync("Fix it on the first call");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "cairn-touchpoint.png"), FullPage = true });
        await page.GoBackAsync();

        // The touchpoints table links to the feedback explorer.
        await page.Locator("table.touchpoints").GetByRole(AriaRole.Link, new() { Name = "Support call" }).ClickAsync();
        Assert.Contains("touchpoint=Support", page.Url, StringComparison.Ordinal);

        await page.GotoAsync(Server.Url + "/journeys/1/paths");
        await Assertions.Expect(page.Locator(".chart.sankey[data-drawn=true] svg")).ToBeVisibleAsync(); // the Sankey between stages is drawn
        Assert.True(await page.EvaluateAsync<int>("() => echarts.getInstanceByDom(document.querySelector('.chart.sankey')).getOption().series[0].links.length") >= 5);
        Assert.Contains("churned", await page.EvaluateAsync<string[]>("() => echarts.getInstanceByDom(document.querySelector('.chart.sankey')).getOption().series[0].data.map(n => n.name)"));
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

        // Redesign: a proactive outage SMS replaces the outage notice, the store visit goes, the support call moves to chat.
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit this future state" }).ClickAsync();
        var service = page.Locator("fieldset.stage-editor", new() { HasText = "Stage 4: Service and Use" });
        var outage = service.Locator("tr", new() { Has = page.Locator("input[value='Outage notice']") });
        await outage.GetByRole(AriaRole.Checkbox, new() { Name = "remove" }).CheckAsync();
        await service.GetByLabel("Channel of Support call").SelectOptionAsync("chat");
        await service.GetByPlaceholder("new touchpoint").FillAsync("Proactive outage SMS");
        await service.GetByLabel("Channel of the new touchpoint").SelectOptionAsync("sms");
        await service.GetByLabel("The new touchpoint is a moment of truth").CheckAsync();
        await service.GetByLabel("Events of the new touchpoint").FillAsync("outage_sms_sent");
        var consideration = page.Locator("fieldset.stage-editor", new() { HasText = "Stage 2: Consideration" });
        await consideration.Locator("tr", new() { Has = page.Locator("input[value='Store visit']") }).GetByRole(AriaRole.Checkbox, new() { Name = "remove" }).CheckAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "cairn-journey-edit.png"), FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the future state" }).ClickAsync();

        // Side by side with the current state it came from.
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Future state saved");
        await Assertions.Expect(page.Locator("p.diff-summary")).ToContainTextAsync("1 added, 2 removed, 1 changed, 13 the same");
        await Assertions.Expect(page.Locator("tr.diff-added")).ToContainTextAsync("Proactive outage SMS");
        await Assertions.Expect(page.Locator("tr.diff-changed", new() { HasText = "Support call" })).ToContainTextAsync("channel phone → chat");
        await Assertions.Expect(page.Locator("tr.diff-removed")).ToHaveCountAsync(2);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "cairn-journey-compare.png"), FullPage = true });
        Assert.Empty(scriptErrors);
    }
}
