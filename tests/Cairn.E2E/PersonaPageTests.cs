using Microsoft.Playwright;

namespace Cairn.E2E;

/// <summary>
/// A CX lead reads a demo persona's empathy map, follows a quote to the customer who wrote it,
/// and defines a new persona by a rule.
/// </summary>
public sealed class PersonaPageTests : BrowserTest
{
    protected override async Task SeedAsync(string db)
    {
        await using var store = await DemoAsync(db);
    }

    [Fact]
    public async Task Lead_ReadsAnEmpathyMapOfRealQuotes_AndDefinesAPersona()
    {
        var page = await Chromium.SignedInPageAsync(Browser, Server);
        var scriptErrors = ScriptErrors(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Personas" }).ClickAsync();
        await Assertions.Expect(page.Locator("table.personas tbody tr")).ToHaveCountAsync(4);
        await page.GetByRole(AriaRole.Link, new() { Name = "budget-family" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Empathy map" })).ToBeVisibleAsync();
        var quotes = page.Locator(".empathy-map .says blockquote");
        Assert.True(await quotes.CountAsync() >= 2);
        await Assertions.Expect(page.Locator(".pains-gains")).ToContainTextAsync("mentions");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "cairn-persona.png"), FullPage = true });

        // The quote is the customer's own words: their timeline holds the same text.
        var quoted = (await quotes.First.InnerTextAsync()).Split('\n')[0].Trim('“', '”', ' ');
        await quotes.First.Locator("footer a").ClickAsync();
        await Assertions.Expect(page.Locator("ol.timeline")).ToContainTextAsync(quoted);

        await page.GotoAsync(Server.Url + "/personas");
        await page.GetByText("Define a persona").ClickAsync();
        await page.GetByLabel("Id", new() { Exact = true }).FillAsync("big-business");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Big business");
        await page.GetByLabel("Segment").FillAsync("enterprise");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save persona" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Big business" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".sub")).ToContainTextAsync("segment enterprise");
        Assert.Empty(scriptErrors);
    }
}
