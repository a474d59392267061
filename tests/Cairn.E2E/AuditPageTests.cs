using Microsoft.Playwright;

namespace Cairn.E2E;

/// <summary>A CX lead reads the demo's walks side by side, walks a competitor's journey with a screenshot as evidence, downloads the audit report, and reads the program's maturity.</summary>
public sealed class AuditPageTests : BrowserTest
{
    protected override async Task SeedAsync(string db)
    {
        await using var store = await DemoAsync(db);
    }

    [Fact]
    public async Task Lead_ComparesWalks_WalksACompetitor_AndDownloadsTheReport()
    {
        var page = await Chromium.SignedInPageAsync(Browser, Server);
        var scriptErrors = ScriptErrors(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Audits" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Experience audits" })).ToBeVisibleAsync();
        var compare = page.Locator("table.audit-compare");
        await Assertions.Expect(compare.Locator("thead")).ToContainTextAsync("Brightwave");
        await Assertions.Expect(compare.Locator("thead")).ToContainTextAsync("Tellus One");
        await Assertions.Expect(compare.Locator("tr.gap").Filter(new() { HasText = "SIM activation" })).ToContainTextAsync("4 points more effort than Tellus One");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "cairn-audits.png"), FullPage = true });

        await page.Locator("details#start summary").ClickAsync();
        await page.GetByLabel("Title").FillAsync("Mystery shop: Nordlink");
        await page.GetByLabel("Whose journey").SelectOptionAsync("competitor");
        await page.GetByLabel("Competitor (for a competitor's journey)").FillAsync("Nordlink");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start walk" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Walk started");

        await page.GetByLabel("Touchpoint").SelectOptionAsync(new SelectOptionValue { Label = "Purchase · SIM activation" });
        await page.GetByLabel("What the walker did").FillAsync("Activated the eSIM");
        await page.GetByLabel("Effort (1 very easy … 7 very hard)").SelectOptionAsync("1");
        await page.GetByLabel("How it felt").SelectOptionAsync("delighted");
        await page.GetByLabel("Minutes it took").FillAsync("4");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add step" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Step added.");
        var step = page.Locator("ol.walk li.step").First;
        await Assertions.Expect(step).ToContainTextAsync("SIM activation");
        await Assertions.Expect(step).ToContainTextAsync("effort 1 of 7");

        // A wrong file is refused with its reason; a real screenshot is attached and shown.
        var fake = Path.Combine(Path.GetTempPath(), $"cairn-fake-{Guid.NewGuid():N}.png");
        await File.WriteAllTextAsync(fake, "<svg onload=alert(1)></svg>");
        await step.Locator("input[type=file]").SetInputFilesAsync(fake);
        await step.GetByRole(AriaRole.Button, new() { Name = "Attach" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("none of them");
        var shot = Path.Combine(Path.GetTempPath(), $"cairn-evidence-{Guid.NewGuid():N}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot });
        await page.Locator("ol.walk li.step").First.Locator("input[type=file]").SetInputFilesAsync(shot);
        await page.Locator("ol.walk li.step").First.GetByRole(AriaRole.Button, new() { Name = "Attach" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Evidence attached.");
        var image = page.Locator("ol.walk img.evidence");
        await image.ScrollIntoViewIfNeededAsync(); // it loads lazily, when it comes into view
        await page.WaitForFunctionAsync("() => { const img = document.querySelector('ol.walk img.evidence'); return img && img.complete && img.naturalWidth > 0; }");

        // The new walk joins the comparison; Nordlink is now the easiest at SIM activation.
        await page.GetByRole(AriaRole.Link, new() { Name = "Experience audits" }).ClickAsync();
        await Assertions.Expect(page.Locator("table.audit-compare tr").Filter(new() { HasText = "SIM activation" })).ToContainTextAsync("5 points more effort than Nordlink");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download PDF" }).ClickAsync());
        Assert.StartsWith("audit-mobile-subscriber-journey-", download.SuggestedFilename, StringComparison.Ordinal);
        var pdf = Path.Combine(Path.GetTempPath(), "cairn-audit-report.pdf");
        await download.SaveAsAsync(pdf);
        await using (var file = File.OpenRead(pdf))
        {
            var head = new byte[5];
            await file.ReadExactlyAsync(head);
            Assert.Equal("%PDF-"u8.ToArray(), head);
        }

        await page.GetByRole(AriaRole.Link, new() { Name = "Audit report" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Recommended initiatives" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("table").First).ToContainTextAsync("In hand");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "cairn-audit-report.png"), FullPage = true });

        // The maturity page scores the demo from its data, and takes the team's answer.
        await page.GotoAsync(Server.Url + "/maturity");
        var rows = page.Locator("table.maturity tbody tr");
        Assert.Equal(8, await rows.CountAsync());
        var loop = rows.Filter(new() { HasText = "Closed-loop coverage" });
        await Assertions.Expect(loop).ToContainTextAsync("detractors");
        await Assertions.Expect(loop.Locator(".detail").Nth(1)).ToHaveTextAsync("computed");
        await loop.GetByLabel("Level for Closed-loop coverage").SelectOptionAsync("4");
        await loop.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Answer saved.");
        await Assertions.Expect(page.Locator("table.maturity tbody tr").Filter(new() { HasText = "Closed-loop coverage" }).GetByLabel("Level for Closed-loop coverage")).ToHaveValueAsync("4");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "cairn-maturity.png"), FullPage = true });

        // An admin connects a webhook: an internal address is refused, a public one gets its secret shown once.
        await page.GetByRole(AriaRole.Link, new() { Name = "Alerts" }).ClickAsync();
        await page.Locator("details.new-initiative summary").ClickAsync();
        await page.GetByLabel("URL").FillAsync("http://169.254.169.254/latest/meta-data");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add webhook" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("private");
        await page.GetByLabel("URL").FillAsync("https://hooks.example.com/cairn");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add webhook" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Webhook created" })).ToBeVisibleAsync();
        Assert.StartsWith("whsec_", await page.Locator("code.secret").TextContentAsync(), StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Link, new() { Name = "Back to alerts and webhooks" }).ClickAsync();
        await Assertions.Expect(page.Locator("section.webhook")).ToContainTextAsync("https://hooks.example.com/cairn");

        // An agent finds a customer and reads their whole story before calling them.
        await page.GetByRole(AriaRole.Link, new() { Name = "Customers" }).ClickAsync();
        await page.GetByLabel("Customer").FillAsync("cus-00000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();
        await page.Locator("table tbody tr a").First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Timeline" })).ToBeVisibleAsync();
        Assert.True(await page.Locator("ol.timeline li.moment").CountAsync() > 0);
        await Assertions.Expect(page.Locator("ol.timeline li.moment.event").First.Locator(".pill").First).ToContainTextAsync("·"); // stage · touchpoint
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "cairn-customer.png"), FullPage = true });
        Assert.Empty(scriptErrors);
    }
}
