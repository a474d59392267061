using System.Net.Http.Json;
using System.Text;
using Microsoft.Playwright;

namespace Cairn.E2E;

/// <summary>
/// A person's first minutes: open Cairn, sign in, see the workspace's live counts. Chromium is
/// Debian's (/usr/bin/chromium): Playwright cannot download its own browser here.
/// </summary>
public sealed class SignInTests : BrowserTest
{
    [Fact]
    public async Task Admin_SignsIn_AndSeesLiveCounts()
    {
        using (var client = Server.NewClient())
        {
            await client.PostAsync("/api/v1/identify", new StringContent("""{"customers":[{"id":"c1"},{"id":"c2"},{"id":"c3"}]}""", Encoding.UTF8, "application/json"));
            var events = await client.PostAsync("/api/v1/events", new StringContent("""{"events":[{"id":"e1","customerId":"c1","name":"a","timestamp":"2026-11-01T00:00:00Z"},{"id":"e2","customerId":"c2","name":"b","timestamp":"2026-11-01T00:00:00Z"}]}""", Encoding.UTF8, "application/json"));
            Assert.Equal(2, (await events.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("accepted").GetInt32());
        }

        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        await page.GotoAsync(Server.Url + "/");
        Assert.Contains("/login", page.Url, StringComparison.Ordinal);

        await page.GetByLabel("Email").FillAsync("admin@cairn.local");
        await page.GetByLabel("Password").FillAsync("wrong");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("do not match");

        await page.GetByLabel("Email").FillAsync("admin@cairn.local");
        await page.GetByLabel("Password").FillAsync("test-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-count=customers]")).ToHaveTextAsync("3");
        await Assertions.Expect(page.Locator("[data-count=events]")).ToHaveTextAsync("2");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "cairn-overview.png"), FullPage = true });

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/login");
    }
}
