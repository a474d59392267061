using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using static Cairn.Web.Tests.ApiResponses;

namespace Cairn.Web.Tests;

/// <summary>Experience audits over HTTP: walks and steps validated, evidence checked by its bytes, walks compared, and the report as HTML and PDF.</summary>
public sealed partial class AuditApiTests : IAsyncLifetime
{
    private const string Definition = """
        {"name": "Switching", "stages": [
          {"name": "Purchase", "touchpoints": [{"name": "Checkout", "channel": "web", "owner": "Digital", "events": ["checkout"]},
                                                {"name": "SIM activation", "channel": "app", "momentOfTruth": true, "owner": "Operations", "events": ["sim"]}]},
          {"name": "Use", "touchpoints": [{"name": "Support", "channel": "phone", "owner": "Care", "events": ["ticket_opened"]}]}]}
        """;

    // A competitor's name is user text: it must come back encoded in the report, never as markup.
    private const string Hostile = "<script>alert(1)</script> Rival";

    private static readonly byte[] Png = Convert.FromHexString("89504E470D0A1A0A0000000D4948445200000001000000010806000000" + "1F15C4890000000D49444154789C6360000002000154A24F5D0000000049454E44AE426082");

    private RunningServer _server = null!;
    private long _journey;
    private Dictionary<string, long> _touchpoints = [];

    public async ValueTask InitializeAsync()
    {
        _server = await RunningServer.StartAsync();
        var created = await Json(await _server.Client.PostAsync("/api/v1/journeys", new StringContent(Definition, Encoding.UTF8, "application/json")), HttpStatusCode.Created);
        _journey = created.GetProperty("id").GetInt64();
        var map = await Json(await _server.Client.GetAsync($"/api/v1/journeys/{_journey}/map"), HttpStatusCode.OK);
        _touchpoints = map.GetProperty("stages").EnumerateArray().SelectMany(s => s.GetProperty("touchpoints").EnumerateArray())
            .ToDictionary(t => t.GetProperty("name").GetString()!, t => t.GetProperty("id").GetInt64());
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task<long> WalkAsync(string subject, string? competitor, params (string Touchpoint, int Effort, string Emotion)[] steps)
    {
        var walk = await Json(await _server.Client.PostAsJsonAsync("/api/v1/audits",
            new { title = $"{subject} walk", subject, competitor, journeyId = _journey, walker = "ana", walkedAt = "2026-10-01" }), HttpStatusCode.Created);
        var id = walk.GetProperty("id").GetInt64();
        foreach (var (touchpoint, effort, emotion) in steps)
        {
            await Json(await _server.Client.PostAsJsonAsync($"/api/v1/audits/{id}/steps", new { touchpointId = _touchpoints[touchpoint], effort, emotion, minutes = 5 }), HttpStatusCode.Created);
        }

        return id;
    }

    [Fact]
    public async Task BadWalksAndSteps_AreRefusedFieldByField()
    {
        var bad = await Json(await _server.Client.PostAsJsonAsync("/api/v1/audits", new { title = "", subject = "theirs", journeyId = 424242, walkedAt = "2999-01-01" }),
            HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["title", "subject", "journeyId", "walkedAt"], bad.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
        var unnamed = await Json(await _server.Client.PostAsJsonAsync("/api/v1/audits", new { title = "x", subject = "competitor", journeyId = _journey }), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("competitor", unnamed.GetProperty("errors")[0].GetProperty("field").GetString());

        var walk = await WalkAsync("own", null);
        var step = await Json(await _server.Client.PostAsJsonAsync($"/api/v1/audits/{walk}/steps", new { touchpointId = 999999, effort = 9, emotion = "meh", minutes = -1 }),
            HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["touchpointId", "effort", "emotion", "minutes"], step.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
        await Json(await _server.Client.PostAsJsonAsync("/api/v1/audits/999999/steps", new { touchpointId = _touchpoints["Support"], effort = 3 }), HttpStatusCode.NotFound);
        var empty = await Json(await _server.Client.GetAsync($"/api/v1/audits/{walk}"), HttpStatusCode.OK);
        Assert.Equal(0, empty.GetProperty("steps").GetArrayLength()); // nothing half-stored
        Assert.Equal(HttpStatusCode.Unauthorized, (await _server.Anonymous.GetAsync("/api/v1/audits")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _server.Anonymous.GetAsync($"/api/v1/reports/audit?journey={_journey}")).StatusCode);
    }

    [Fact]
    public async Task Evidence_IsCheckedByItsBytes_AndServedBackAsUploaded()
    {
        var walk = await WalkAsync("own", null, ("Checkout", 4, "worried"));
        var stepId = (await Json(await _server.Client.GetAsync($"/api/v1/audits/{walk}"), HttpStatusCode.OK)).GetProperty("steps")[0].GetProperty("id").GetInt64();
        var url = $"/api/v1/audits/{walk}/steps/{stepId}/evidence";

        static ByteArrayContent Body(byte[] bytes, string type)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue(type);
            return content;
        }

        var svg = await Json(await _server.Client.PutAsync(url + "?name=x.png", Body("<svg onload=alert(1)>"u8.ToArray(), "image/png")), HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("none of them", svg.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await Json(await _server.Client.PutAsync(url, Body([], "image/png")), HttpStatusCode.BadRequest);
        var huge = new byte[5 * 1024 * 1024 + 1];
        Png.CopyTo(huge, 0);
        await Json(await _server.Client.PutAsync(url, Body(huge, "image/png")), HttpStatusCode.RequestEntityTooLarge);
        await Json(await _server.Client.GetAsync(url), HttpStatusCode.NotFound); // nothing was stored by the refusals

        var saved = await Json(await _server.Client.PutAsync(url + "?name=../../etc/checkout.png", Body(Png, "application/octet-stream")), HttpStatusCode.OK);
        Assert.Equal(("image/png", "checkout.png"), (saved.GetProperty("evidence").GetProperty("contentType").GetString(), saved.GetProperty("evidence").GetProperty("name").GetString()));
        using var served = await _server.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/png", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", served.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(Png, await served.Content.ReadAsByteArrayAsync());
        await Json(await _server.Client.PutAsync($"/api/v1/audits/{walk}/steps/999999/evidence", Body(Png, "image/png")), HttpStatusCode.NotFound);

        Assert.Equal(HttpStatusCode.NoContent, (await _server.Client.DeleteAsync($"/api/v1/audits/{walk}/steps/{stepId}")).StatusCode);
        await Json(await _server.Client.GetAsync(url), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Walks_AreComparedSideBySide_AndTheReportShowsThem_AsHtmlAndPdf()
    {
        await WalkAsync("own", null, ("Checkout", 3, "neutral"), ("SIM activation", 6, "frustrated"), ("Support", 2, "pleased"));
        await WalkAsync("competitor", Hostile, ("Checkout", 3, "neutral"), ("SIM activation", 2, "delighted"), ("Support", 4, "confused"));

        var comparison = await Json(await _server.Client.GetAsync($"/api/v1/audits/compare?journey={_journey}"), HttpStatusCode.OK);
        Assert.Equal(["us", Hostile], comparison.GetProperty("walks").EnumerateArray().Select(w => w.GetProperty("company").GetString()));
        var gaps = comparison.GetProperty("frictionGaps");
        Assert.Equal(1, gaps.GetArrayLength());
        Assert.Equal(("SIM activation", 4.0), (gaps[0].GetProperty("touchpoint").GetProperty("name").GetString(), gaps[0].GetProperty("gap").GetDouble()));
        await Json(await _server.Client.GetAsync("/api/v1/audits/compare"), HttpStatusCode.BadRequest);
        await Json(await _server.Client.GetAsync("/api/v1/audits/compare?journey=999999"), HttpStatusCode.NotFound);

        using var page = await _server.Client.GetAsync($"/api/v1/reports/audit?journey={_journey}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Switching</h1>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; Rival", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Cut effort at sim activation", html, StringComparison.Ordinal);
        // The one inline style is allowed by its hash, and nothing else is: no script source at all.
        var style = StyleBlock().Match(html).Groups[1].Value;
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains($"style-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(style)))}'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.StartsWith("default-src 'none'", csp, StringComparison.Ordinal);

        using var pdf = await _server.Client.GetAsync($"/api/v1/reports/audit?journey={_journey}&format=pdf");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("audit-switching-", pdf.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF-", Encoding.ASCII.GetString(bytes, 0, 5));
        Assert.True(PdfPage().Count(Encoding.Latin1.GetString(bytes)) >= 3, "the report prints to several pages");

        var bad = await Json(await _server.Client.GetAsync("/api/v1/reports/audit?journey=x&format=docx&from=yesterday"), HttpStatusCode.BadRequest);
        Assert.Equal(["journey", "from", "format"], bad.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("parameter").GetString()));
        await Json(await _server.Client.GetAsync("/api/v1/reports/audit?journey=999999"), HttpStatusCode.NotFound);
    }

    [GeneratedRegex("<style>(.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex StyleBlock();

    [GeneratedRegex(@"/Type\s*/Page[^s]")]
    private static partial Regex PdfPage();
}
