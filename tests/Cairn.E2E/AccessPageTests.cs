using System.Text;
using Microsoft.Playwright;

namespace Cairn.E2E;

/// <summary>
/// An admin answers a customer's erasure request from the customer's page, then checks the audit
/// log, and makes an ingest key for the website widget, which is shown once.
/// </summary>
public sealed class AccessPageTests : BrowserTest
{
    [Fact]
    public async Task AnAdmin_ErasesACustomer_SeesItInTheAuditLog_AndMakesAKeyShownOnce()
    {
        using (var client = Server.NewClient())
        {
            (await client.PostAsync("/api/v1/identify", new StringContent("""{"customers":[{"id":"c1","traits":{"name":"Carla Ruiz","email":"carla@example.com"}},{"id":"c2"}]}""", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
            (await client.PostAsync("/api/v1/events", new StringContent("""{"events":[{"id":"e1","customerId":"c1","name":"app_login","timestamp":"2026-11-01T00:00:00Z"}]}""", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        }

        var page = await Chromium.SignedInPageAsync(Browser, Server);
        var errors = ScriptErrors(page);
        await page.GotoAsync(Server.Url + "/customers/c1");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Personal data" })).ToBeVisibleAsync();

        // A slip of the keyboard erases nothing.
        await page.GetByLabel("Type the customer id").FillAsync("c2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Erase customer" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("nothing was erased");

        await page.GetByLabel("Type the customer id").FillAsync("c1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Erase customer" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Customer erased: 2 rows removed");
        await page.GotoAsync(Server.Url + "/customers/c1");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Customer not found" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Access and audit log" }).ClickAsync();
        await Assertions.Expect(page.Locator("table.audit-log")).ToContainTextAsync("customer.erased");
        Assert.DoesNotContain("Carla", await page.Locator("table.audit-log").InnerTextAsync(), StringComparison.Ordinal);

        await page.GetByText("Create a key").ClickAsync();
        await page.GetByLabel("Name (who or what uses it)").FillAsync("Website widget");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        var key = await page.Locator("code.key").TextContentAsync();
        Assert.StartsWith("cairn_", key, StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "cairn-access.png"), FullPage = true });
        await page.ReloadAsync();
        Assert.Equal(0, await page.Locator("code.key").CountAsync()); // shown once, then forgotten
        await Assertions.Expect(page.Locator("table").Nth(1)).ToContainTextAsync("Website widget");

        // A retention policy: events deleted after a year.
        await page.GetByRole(AriaRole.Link, new() { Name = "Data retention" }).ClickAsync();
        await page.GetByLabel("Days to keep events").FillAsync("365");
        await page.Locator("form[action='/settings/retention/events'] button").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved the policy for events");
        await Assertions.Expect(page.GetByLabel("Days to keep events")).ToHaveValueAsync("365");
        await page.GetByLabel("What to do with old feedback").SelectOptionAsync("anonymise");
        await page.GetByLabel("Days to keep feedback").FillAsync("730");
        await page.Locator("form[action='/settings/retention/feedback'] button").ClickAsync();
        await Assertions.Expect(page.Locator("table.retention tr", new() { HasText = "feedback" })).ToContainTextAsync("admin@cairn.local");
        await Assertions.Expect(page.GetByLabel("What to do with old feedback")).ToHaveValueAsync("anonymise");
        Assert.Empty(errors);
    }
}
