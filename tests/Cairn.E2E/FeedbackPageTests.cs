using System.Text.RegularExpressions;
using Cairn.Cli.Demo;
using Cairn.Core.Feedback;
using Cairn.Core.Ingestion;
using Microsoft.Playwright;

namespace Cairn.E2E;

/// <summary>
/// An analyst opens the feedback explorer on a demo workspace, sees what customers complain about
/// and where, reads the verbatims of one theme with the evidence highlighted, turns an emerging
/// phrase into a theme, reprocesses, and finds the new theme in the explorer.
/// </summary>
public sealed class FeedbackPageTests : BrowserTest
{
    private const string Hostile = "<img src=x id=injected onerror=alert(1)> The wait on the phone was awful";
    protected override async Task SeedAsync(string db)
    {
        await using var store = await DemoAsync(db);
        var workspace = (await store.ListWorkspacesAsync())[0].Id;
        await store.IngestAsync(workspace, IngestBatch.OfFeedback([
            new FeedbackItem("hostile-1", FeedbackSource.Social, null, null, null, null, null, Hostile, DemoWorkspace.Today.AddDays(-1), "web", null),
        ]));
    }

    [Fact]
    public async Task Analyst_ExploresThemes_ReadsEvidence_AndPromotesAnEmergingPhrase()
    {
        var page = await Chromium.SignedInPageAsync(Browser, Server);
        var scriptErrors = ScriptErrors(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Feedback", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Feedback explorer" })).ToBeVisibleAsync();
        Assert.True(await page.Locator("table.themes tbody tr").CountAsync() >= 8);
        await Assertions.Expect(page.Locator("tr[data-theme='Wait time'] td").Nth(7)).ToHaveTextAsync(new Regex(@"^[+-]\d+ vs [+-]\d+ for the rest|^too few"));
        await Assertions.Expect(page.Locator(".chart[data-drawn=true] svg")).ToHaveCountAsync(3);
        Assert.True(await page.EvaluateAsync<int>("() => echarts.getInstanceByDom(document.querySelector('.chart.drivers')).getOption().series[0].data.length") >= 8);
        Assert.True(await page.EvaluateAsync<int>("() => echarts.getInstanceByDom(document.querySelectorAll('.chart')[1]).getOption().series.length") >= 6);
        Assert.True(await page.EvaluateAsync<int>("() => echarts.getInstanceByDom(document.querySelector('.chart.heat')).getOption().series[0].data.length") >= 20);
        // Key drivers: every theme gets an importance, and at least one is an important theme customers feel bad about.
        Assert.True(await page.Locator("table.drivers tbody tr").CountAsync() >= 8);
        await Assertions.Expect(page.Locator("table.drivers td.quadrant.fix-first").First).ToBeVisibleAsync();
        await page.Locator("section[aria-label='Key drivers']").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "cairn-drivers.png") });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "cairn-feedback.png"), FullPage = true });

        // One theme's verbatims, each with its evidence highlighted.
        await page.Locator("tr[data-theme='Billing and price'] a").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("^Verbatims: [\\d,]+ about Billing and price$") })).ToBeVisibleAsync();
        var marks = page.Locator(".verbatim mark[title='Billing and price']");
        Assert.True(await marks.CountAsync() >= 10);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "cairn-feedback-theme.png"), FullPage = false });

        // Customer text is shown as text, never run as markup.
        await page.GotoAsync(Server.Url + "/feedback?q=onerror");
        await Assertions.Expect(page.Locator(".verbatim .text")).ToContainTextAsync("<img src=x id=injected");
        Assert.Equal(0, await page.Locator("#injected").CountAsync());

        // The emerging eSIM problem is found, promoted to a theme, and after reprocessing it is counted.
        await page.GotoAsync(Server.Url + "/feedback/themes");
        var esim = page.Locator("tr[data-phrase='esim transfer']");
        await Assertions.Expect(esim).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "cairn-themes.png"), FullPage = false });
        await esim.GetByRole(AriaRole.Button, new() { Name = "Make it a theme" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("\"Esim transfer\" is now a theme");
        await page.GetByRole(AriaRole.Button, new() { Name = "Reprocess all feedback" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(new Regex(@"Reprocessed [\d,]+ feedback texts"));
        await page.GotoAsync(Server.Url + "/feedback");
        await Assertions.Expect(page.Locator("tr[data-theme='Esim transfer'] td").Nth(1)).ToHaveTextAsync(new Regex(@"^\d+$"));

        // A bad filter is a clear message.
        await page.GotoAsync(Server.Url + "/feedback?sentiment=furious");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("sentiment: one of: positive");
        Assert.Empty(scriptErrors);
    }
}
