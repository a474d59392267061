using Microsoft.Playwright;

namespace Cairn.E2E;

/// <summary>An analyst opens Metrics on a demo workspace, sees NPS over time with a drawn chart, and slices it.</summary>
public sealed class MetricsPageTests : BrowserTest
{
    protected override async Task SeedAsync(string db)
    {
        await using var store = await DemoAsync(db);
    }

    [Fact]
    public async Task Analyst_SeesNpsByMonth_WithAChart_AndSlicesBySegment()
    {
        var page = await Chromium.SignedInPageAsync(Browser, Server);
        var scriptErrors = ScriptErrors(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Metrics" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Metrics", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-metric=nps] .value")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^-?\d+\.\d$"));
        await Assertions.Expect(page.Locator("[data-metric=churn] .value")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+\.\d%$"));
        await Assertions.Expect(page.Locator(".chart[data-drawn=true] svg")).ToBeVisibleAsync();
        Assert.True(await DrawnSeries(page) >= 2); // the NPS line and the industry benchmark line, at least
        Assert.True(await page.Locator("table.slices tbody tr").CountAsync() >= 3);
        await Assertions.Expect(page.Locator("tr[data-company=Brightwave]")).ToContainTextAsync("higher than us");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "cairn-metrics.png"), FullPage = true });

        await page.GetByLabel("By").SelectOptionAsync("segment");
        await page.GetByLabel("Period").SelectOptionAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();

        await Assertions.Expect(page.Locator("table.slices tbody tr[data-slice=consumer]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-internal]")).ToContainTextAsync("Internal benchmark: best ");
        await Assertions.Expect(page.Locator(".chart[data-drawn=true] svg")).ToBeVisibleAsync();
        Assert.Contains("by=segment", page.Url, StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "cairn-metrics-segment.png"), FullPage = true });
        Assert.True(await DrawnSeries(page) >= 1);

        // The churn card leads to churn by segment, with voluntary and involuntary parts on the card.
        await page.Locator("a[data-metric=churn]").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Churn rate (lost ÷ customers at start) by segment" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("a[data-metric=churn]")).ToContainTextAsync("involuntary");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "cairn-metrics-churn.png"), FullPage = true });
        // Bad parameters get a clear message, and what was typed comes back as text, never as markup.
        await page.GotoAsync(Server.Url + "/metrics?by=shoe_size&filter=" + Uri.EscapeDataString("<img src=x id=injected>"));
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("cannot slice by 'shoe_size'");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("'<img src=x id=injected>' is not dimension:value");
        Assert.Equal(0, await page.Locator("#injected").CountAsync());
        Assert.Empty(scriptErrors);
    }

    /// <summary>How many series ECharts holds for the page's chart: an SVG with axes alone would pass a visibility check.</summary>
    private static Task<int> DrawnSeries(IPage page) =>
        page.EvaluateAsync<int>("() => echarts.getInstanceByDom(document.querySelector('.chart')).getOption().series.filter(s => (s.data || []).some(v => v !== null)).length");
}
