using Cairn.Testing;
using Microsoft.Playwright;

namespace Cairn.E2E;

/// <summary>Debian's Chromium driven by Playwright (which cannot download its own browser here), and signing in.</summary>
internal static class Chromium
{
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });

    /// <summary>Opens a page and signs in as the first admin that <see cref="ServerProcess"/> creates.</summary>
    public static async Task<IPage> SignedInPageAsync(IBrowser browser, ServerProcess server)
    {
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        await page.GotoAsync(server.Url + "/login");
        await page.GetByLabel("Email").FillAsync("admin@cairn.local");
        await page.GetByLabel("Password").FillAsync("test-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();
        return page;
    }
}
