using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Cairn.E2E;

/// <summary>
/// A shop's plain HTML page (another origin) embeds widget.js with one tag. A customer who checks
/// out is asked the NPS in an overlay and answers it; the same customer on a second browser is not
/// asked again within the recontact period, because the server decides, not the browser.
/// </summary>
public sealed class WidgetTests : BrowserTest
{
    public override async ValueTask DisposeAsync()
    {
        foreach (var listener in _listeners)
        {
            listener.Close();
        }

        await base.DisposeAsync();
    }

    /// <summary>
    /// The shop: a real HTTP server on another loopback port, so every call from its page to Cairn is
    /// cross-origin (Chromium refuses a routed page's calls to loopback, so the page must really be served).
    /// </summary>
    private async Task<IPage> Shop(IBrowserContext context, long survey)
    {
        var port = FreePort();
        var listener = new System.Net.HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        _listeners.Add(listener);
        var html = $"""<!doctype html><html><head><title>Shop</title></head><body><h1>Thanks for your order</h1><script src="{Server.Url}/widget.js" data-key="{Server.ApiKey}" data-survey="{survey}" data-trigger="checkout_completed"></script></body></html>""";
        _ = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                try
                {
                    var request = await listener.GetContextAsync();
                    var bytes = System.Text.Encoding.UTF8.GetBytes(html);
                    request.Response.ContentType = "text/html; charset=utf-8";
                    await request.Response.OutputStream.WriteAsync(bytes);
                    request.Response.Close();
                }
                catch (System.Net.HttpListenerException)
                {
                    return; // stopped
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
            }
        });
        var page = await context.NewPageAsync();
        var errors = ScriptErrors(page);
        _pageErrorLists.Add(errors);
        await page.GotoAsync($"http://127.0.0.1:{port}/checkout.html");
        return page;
    }

    private readonly List<System.Net.HttpListener> _listeners = [];
    private readonly List<List<string>> _pageErrorLists = [];

    private static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        socket.Start();
        return ((System.Net.IPEndPoint)socket.LocalEndpoint).Port;
    }

    [Fact]
    public async Task ACustomerIsAskedOnce_AcrossBrowsers()
    {
        using var api = Server.NewClient();
        var created = await api.PostAsJsonAsync("/api/v1/surveys", new { template = "relationship-nps" });
        var survey = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        await using var first = await Browser.NewContextAsync();
        var page = await Shop(first, survey);
        await page.EvaluateAsync("() => cairn.identify('shopper-1', { segment: 'consumer' })");
        var decision = await page.EvaluateAsync<JsonElement>("() => cairn.track('checkout_completed', { total: 42 })");
        Assert.True(decision.GetProperty("show").GetBoolean());

        var frame = page.FrameLocator("iframe.cairn-survey");
        await frame.GetByText("10", new() { Exact = true }).ClickAsync();
        await frame.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await frame.GetByLabel("What is the main reason for your score?").FillAsync("Quick checkout");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "cairn-widget.png") });
        await frame.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
        await Assertions.Expect(frame.GetByRole(AriaRole.Status)).ToHaveTextAsync("Thank you! Your answer has been saved.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Close the survey" }).ClickAsync();
        await Assertions.Expect(page.Locator(".cairn-overlay")).ToHaveCountAsync(0);

        // A second browser, no shared storage: the server remembers the contact.
        await using var second = await Browser.NewContextAsync();
        var other = await Shop(second, survey);
        await other.EvaluateAsync("() => cairn.identify('shopper-1')");
        var again = await other.EvaluateAsync<JsonElement>("() => cairn.track('checkout_completed')");
        Assert.False(again.GetProperty("show").GetBoolean());
        Assert.StartsWith("contacted less than a day ago", again.GetProperty("reason").GetString());
        Assert.Equal(0, await other.Locator("iframe.cairn-survey").CountAsync());

        var summary = (await api.GetFromJsonAsync<JsonElement>("/api/v1/surveys")).EnumerateArray().Single(s => s.GetProperty("id").GetInt64() == survey);
        Assert.Equal(1, summary.GetProperty("complete").GetInt64());
        Assert.Equal(100, summary.GetProperty("responseRate").GetDouble());
        Assert.Equal(2, (await api.GetFromJsonAsync<JsonElement>("/api/v1/stats")).GetProperty("events").GetInt64());
        Assert.Empty(_pageErrorLists.SelectMany(e => e));
    }
}
