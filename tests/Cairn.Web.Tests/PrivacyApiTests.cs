using System.Net;
using System.Net.Http.Json;
using System.Text;
using Cairn.Core.Workspaces;
using Cairn.Storage;
using static Cairn.Web.Tests.ApiResponses;

namespace Cairn.Web.Tests;

/// <summary>
/// A customer's data over HTTP: exported whole and erased by an admin, refused to anyone else, and
/// never reachable from another workspace, whatever id the other workspace guesses.
/// </summary>
public sealed class PrivacyApiTests : IAsyncLifetime
{
    private const string OtherAdminKey = "cairn_other_admin_key_0123456789";
    private const string ReadKey = "cairn_privacy_read_key_0123456789";

    private RunningServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await RunningServer.StartAsync();
        var other = (await _server.Store.EnsureWorkspaceAsync("other company", Industry.Retail)).Id;
        await _server.Store.AddApiKeyAsync(other, "their admin", "admin", OtherAdminKey);
        await _server.Store.AddApiKeyAsync((await _server.Store.ListWorkspacesAsync())[0].Id, "reader", "read", ReadKey);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task SeedAsync()
    {
        (await _server.Client.PostAsJsonAsync("/api/v1/identify", new { customerId = "ana", traits = new { name = "Ana Lima", email = "ana@example.com" } })).EnsureSuccessStatusCode();
        (await _server.Client.PostAsJsonAsync("/api/v1/identify", new { customerId = "bo" })).EnsureSuccessStatusCode();
        var events = new[] { "ana", "ana", "bo" }.Select((c, i) => new { id = $"e{i}", customerId = c, name = "app_login", timestamp = DateTime.UtcNow.AddDays(-i), channel = "app" }).ToArray();
        (await _server.Client.PostAsJsonAsync("/api/v1/events", new { events })).EnsureSuccessStatusCode();
        var survey = (await Json(await _server.Client.PostAsJsonAsync("/api/v1/surveys", new { template = "relationship-nps" }), HttpStatusCode.Created)).GetProperty("id").GetInt64();
        await Json(await _server.Client.PostAsJsonAsync($"/api/v1/surveys/{survey}/responses", new { id = "r1", customerId = "ana", answers = new { nps = 3, why = "Ana here: the app logs me out all the time." } }), HttpStatusCode.OK);
        await Json(await _server.Client.PostAsJsonAsync($"/api/v1/surveys/{survey}/responses", new { id = "r2", customerId = "bo", answers = new { nps = 10 } }), HttpStatusCode.OK);
    }

    [Fact]
    public async Task AnAdmin_ExportsThenErasesACustomer_AndOnlyTheOtherCustomerRemains()
    {
        await SeedAsync();
        using var reader = _server.WithKey(ReadKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync("/api/v1/customers/ana/export")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.DeleteAsync("/api/v1/customers/ana")).StatusCode);

        var response = await _server.Client.GetAsync("/api/v1/customers/ana/export");
        var export = await Json(response, HttpStatusCode.OK);
        Assert.Equal("customer-ana.json", response.Content.Headers.ContentDisposition?.FileName);
        var tables = export.GetProperty("tables");
        Assert.Equal("ana@example.com", tables.GetProperty("customers")[0].GetProperty("email").GetString());
        Assert.Equal(2, tables.GetProperty("events").GetArrayLength());
        Assert.Contains("logs me out", tables.GetProperty("feedback")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("Z", tables.GetProperty("events")[0].GetProperty("ts").GetString(), StringComparison.Ordinal); // times say they are UTC

        var erased = await Json(await _server.Client.DeleteAsync("/api/v1/customers/ana"), HttpStatusCode.OK);
        Assert.Equal(export.GetProperty("rowCount").GetInt64(), erased.GetProperty("total").GetInt64());
        await Json(await _server.Client.GetAsync("/api/v1/customers/ana"), HttpStatusCode.NotFound);
        await Json(await _server.Client.GetAsync("/api/v1/customers/ana/export"), HttpStatusCode.NotFound);
        await Json(await _server.Client.DeleteAsync("/api/v1/customers/ana"), HttpStatusCode.NotFound);
        var stats = await Json(await _server.Client.GetAsync("/api/v1/stats"), HttpStatusCode.OK);
        Assert.Equal((1, 1, 1), (stats.GetProperty("customers").GetInt32(), stats.GetProperty("events").GetInt32(), stats.GetProperty("responses").GetInt32()));
        var nps = await Json(await _server.Client.GetAsync("/api/v1/metrics/nps?minN=1"), HttpStatusCode.OK);
        Assert.Contains("\"n\":1", nps.GetRawText(), StringComparison.Ordinal);

        var log = await _server.Store.AuditLogAsync((await _server.Store.ListWorkspacesAsync())[0].Id, 50);
        Assert.Contains(log, l => l.Action == "customer.erased" && l.Target == CairnStore.ErasedIdHash("ana"));
        Assert.Contains(log, l => l.Action == "customer.exported" && l.Target == CairnStore.ErasedIdHash("ana")); // pseudonymised by the erasure
        Assert.DoesNotContain(log, l => l.Target == "ana");
    }

    [Fact]
    public async Task AnotherWorkspace_CannotReachThisWorkspacesObjects_ByGuessingTheirIds()
    {
        await SeedAsync();
        var survey = (await Json(await _server.Client.GetAsync("/api/v1/surveys"), HttpStatusCode.OK))[0].GetProperty("id").GetInt64();
        var journey = (await Json(await _server.Client.PostAsync("/api/v1/journeys", new StringContent(
            """{"name": "Service", "stages": [{"name": "Use", "touchpoints": [{"name": "Login", "channel": "app", "events": ["app_login"]}]}]}""", Encoding.UTF8, "application/json")), HttpStatusCode.Created)).GetProperty("id").GetInt64();
        var audit = (await Json(await _server.Client.PostAsJsonAsync("/api/v1/audits", new { title = "Our walk", subject = "own", journeyId = journey, walkedAt = "2026-10-01" }), HttpStatusCode.Created)).GetProperty("id").GetInt64();
        var initiative = (await Json(await _server.Client.PostAsJsonAsync("/api/v1/initiatives", new { title = "Fix logins", owner = "admin@cairn.local", metric = "nps", target = 20, dueDate = "2030-01-01" }), HttpStatusCode.Created))
            .GetProperty("initiative").GetProperty("id").GetInt64();
        var reads = new[]
        {
            "/api/v1/customers/ana", "/api/v1/customers/ana/export", $"/api/v1/surveys/{survey}", $"/api/v1/journeys/{journey}", $"/api/v1/journeys/{journey}/map",
            $"/api/v1/journeys/{journey}/paths", $"/api/v1/audits/{audit}", $"/api/v1/initiatives/{initiative}",
        };
        using var theirs = _server.WithKey(OtherAdminKey);
        foreach (var path in reads)
        {
            Assert.Equal(HttpStatusCode.OK, (await _server.Client.GetAsync(path)).StatusCode);
            var status = (await theirs.GetAsync(path)).StatusCode;
            Assert.True(status == HttpStatusCode.NotFound, $"{path} from another workspace: {(int)status}");
        }

        // Nor can they change or erase them.
        Assert.Equal(HttpStatusCode.NotFound, (await theirs.DeleteAsync("/api/v1/customers/ana")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await theirs.PostAsJsonAsync($"/api/v1/initiatives/{initiative}/status", new { status = "cancelled" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await theirs.PostAsJsonAsync($"/api/v1/surveys/{survey}/responses", new { id = "x1", answers = new { nps = 0 } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _server.Client.GetAsync("/api/v1/customers/ana")).StatusCode);
        Assert.Equal(2, (await Json(await _server.Client.GetAsync("/api/v1/stats"), HttpStatusCode.OK)).GetProperty("responses").GetInt32());
    }
}
