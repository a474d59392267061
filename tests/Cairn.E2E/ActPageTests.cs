using Microsoft.Playwright;

namespace Cairn.E2E;

/// <summary>A CX lead reads the top gaps, gives one an owner, starts an initiative from it, and reads the measured effect of a launched one.</summary>
public sealed class ActPageTests : BrowserTest
{
    protected override async Task SeedAsync(string db)
    {
        await using var store = await DemoAsync(db);
    }

    [Fact]
    public async Task Lead_WeighsAGap_StartsAnInitiative_AndReadsAMeasuredEffect()
    {
        var page = await Chromium.SignedInPageAsync(Browser, Server);
        var scriptErrors = ScriptErrors(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Priorities" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Priorities", Exact = true })).ToBeVisibleAsync();
        var cards = page.Locator(".gap-top .gap-card");
        Assert.Equal(5, await cards.CountAsync());
        await Assertions.Expect(cards.First).ToContainTextAsync("#1");
        await Assertions.Expect(cards.First.Locator(".why")).ToContainTextAsync("as often as the rest");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "cairn-priorities.png"), FullPage = true });

        var first = page.Locator("table.gaps tbody tr").First;
        var label = (await first.Locator("td strong").First.TextContentAsync())!;
        await first.Locator("select[name=severity]").SelectOptionAsync("4");
        await first.Locator("select[name=owner]").SelectOptionAsync("care.lead@northwind.example");
        await first.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved.");
        var saved = page.Locator("table.gaps tbody tr").Filter(new() { HasText = label }).First;
        await Assertions.Expect(saved.Locator("select[name=owner]")).ToHaveValueAsync("care.lead@northwind.example");
        await Assertions.Expect(saved).ToContainTextAsync("×1.25 severity");

        await saved.GetByRole(AriaRole.Link, new() { Name = "Start an initiative" }).ClickAsync();
        await Assertions.Expect(page.Locator("details.new-initiative .notice")).ToContainTextAsync(label);
        await page.GetByLabel("Due").FillAsync("2027-03-31");
        await page.GetByLabel("Target").FillAsync("30");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Initiative started.");
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync("care.lead@northwind.example");
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync(label);

        await page.GetByRole(AriaRole.Link, new() { Name = "Initiatives", Exact = true }).First.ClickAsync();
        await page.Locator(".board .card.initiative").Filter(new() { HasText = "Call-back instead of queueing" }).ClickAsync();
        await Assertions.Expect(page.Locator("p.verdict")).ToContainTextAsync("NPS");
        await Assertions.Expect(page.Locator("table.did")).ToContainTextAsync("Effect (difference in differences)");
        await Assertions.Expect(page.Locator(".chart[data-drawn=true] svg")).ToBeVisibleAsync();
        Assert.Equal("launch", await page.EvaluateAsync<string>("() => echarts.getInstanceByDom(document.querySelector('.chart')).getOption().series.at(-1).markLine.label.formatter"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "cairn-initiative.png"), FullPage = true });
        Assert.Empty(scriptErrors);
    }
}
