using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using static Cairn.Web.Tests.ApiResponses;

namespace Cairn.Web.Tests;

/// <summary>Members, roles and API keys managed over HTTP: each change takes effect at once, is audited, and never leaves a workspace without an admin.</summary>
public sealed partial class AccessApiTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await RunningServer.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    /// <summary>Signs in through the real form (anti-forgery token and all) and returns a client holding the session cookie.</summary>
    private async Task<HttpClient> SignInAsync(string email, string password)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = _server.Anonymous.BaseAddress };
        var token = AntiforgeryField().Match(await client.GetStringAsync("/login")).Groups[1].Value;
        using var answer = await client.PostAsync("/account/login", new FormUrlEncodedContent([new("email", email), new("password", password), new("__RequestVerificationToken", token)]));
        Assert.Equal("/", answer.Headers.Location?.OriginalString);
        return client;
    }

    [Fact]
    public async Task ARevokedKey_StopsWorkingAtOnce()
    {
        var created = await Json(await _server.Client.PostAsJsonAsync("/api/v1/api-keys", new { name = "BI tool", scope = "read" }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt64();
        using var tool = _server.WithKey(created.GetProperty("key").GetString());
        Assert.Equal(HttpStatusCode.OK, (await tool.GetAsync("/api/v1/stats")).StatusCode); // now cached as a good key
        Assert.Equal(HttpStatusCode.Forbidden, (await tool.PostAsJsonAsync("/api/v1/api-keys", new { name = "escalate", scope = "admin" })).StatusCode);

        var listed = await Json(await _server.Client.GetAsync("/api/v1/api-keys"), HttpStatusCode.OK);
        Assert.DoesNotContain(created.GetProperty("key").GetString()!, listed.GetRawText(), StringComparison.Ordinal); // only the first characters are ever shown
        Assert.Equal(HttpStatusCode.NoContent, (await _server.Client.DeleteAsync($"/api/v1/api-keys/{id}")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await tool.GetAsync("/api/v1/stats")).StatusCode);
        await Json(await _server.Client.DeleteAsync($"/api/v1/api-keys/{id}"), HttpStatusCode.NotFound);
        var bad = await Json(await _server.Client.PostAsJsonAsync("/api/v1/api-keys", new { name = "", scope = "root" }), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["name", "scope"], bad.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
    }

    [Fact]
    public async Task AMember_IsAddedSignsInAndLosesTheSessionWhenRemoved_AndTheLastAdminStays()
    {
        var invalid = await Json(await _server.Client.PostAsJsonAsync("/api/v1/members", new { email = "not an email", role = "owner" }), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["email", "role"], invalid.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
        await Json(await _server.Client.PostAsJsonAsync("/api/v1/members", new { email = "ana@example.com", role = "analyst", password = "short" }), HttpStatusCode.UnprocessableEntity);
        var ana = await Json(await _server.Client.PostAsJsonAsync("/api/v1/members", new { email = "ana@example.com", role = "analyst", password = "a-long-first-password" }), HttpStatusCode.Created);
        var anaId = ana.GetProperty("userId").GetInt64();
        await Json(await _server.Client.PostAsJsonAsync("/api/v1/members", new { email = "ANA@example.com", role = "viewer" }), HttpStatusCode.Conflict);

        using var session = await SignInAsync("ana@example.com", "a-long-first-password");
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/api/v1/stats")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await session.GetAsync("/api/v1/members")).StatusCode); // analysts do not manage access

        // Made a viewer, the session carrying "analyst" ends at once.
        Assert.Equal(HttpStatusCode.NoContent, (await _server.Client.PutAsJsonAsync($"/api/v1/members/{anaId}", new { role = "viewer" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await session.GetAsync("/api/v1/stats")).StatusCode);
        using var again = await SignInAsync("ana@example.com", "a-long-first-password");
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/v1/stats")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _server.Client.DeleteAsync($"/api/v1/members/{anaId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await again.GetAsync("/api/v1/stats")).StatusCode);

        var members = await Json(await _server.Client.GetAsync("/api/v1/members"), HttpStatusCode.OK);
        var admin = members.EnumerateArray().Single();
        Assert.Equal("admin", admin.GetProperty("role").GetString());
        var adminId = admin.GetProperty("userId").GetInt64();
        await Json(await _server.Client.PutAsJsonAsync($"/api/v1/members/{adminId}", new { role = "viewer" }), HttpStatusCode.Conflict);
        await Json(await _server.Client.DeleteAsync($"/api/v1/members/{adminId}"), HttpStatusCode.Conflict);

        var log = await Json(await _server.Client.GetAsync("/api/v1/audit-log?action=member"), HttpStatusCode.OK);
        Assert.Equal(["member.removed", "member.role_changed", "member.added"], log.EnumerateArray().Select(l => l.GetProperty("action").GetString()));
        Assert.All(log.EnumerateArray(), l => Assert.Equal("ana@example.com", l.GetProperty("target").GetString()));
        var signIns = await Json(await _server.Client.GetAsync("/api/v1/audit-log?action=user.signed_in"), HttpStatusCode.OK);
        Assert.Equal(2, signIns.GetArrayLength());
        await Json(await _server.Client.GetAsync("/api/v1/audit-log?limit=0&before=x"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task RetentionPolicies_AreCheckedSetAppliedAndRemoved()
    {
        (await _server.Client.PostAsJsonAsync("/api/v1/identify", new { customerId = "ana" })).EnsureSuccessStatusCode();
        var events = new[] { 500, 400, 5 }.Select((days, i) => new { id = $"e{i}", customerId = "ana", name = "app_login", timestamp = DateTime.UtcNow.AddDays(-days) }).ToArray();
        (await _server.Client.PostAsJsonAsync("/api/v1/events", new { events })).EnsureSuccessStatusCode();

        var bad = await Json(await _server.Client.PutAsJsonAsync("/api/v1/retention/events", new { days = 0, action = "anonymise" }), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["days", "action"], bad.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
        await Json(await _server.Client.PutAsJsonAsync("/api/v1/retention/passwords", new { days = 30, action = "delete" }), HttpStatusCode.NotFound);
        var set = await Json(await _server.Client.PutAsJsonAsync("/api/v1/retention/events", new { days = 365, action = "delete" }), HttpStatusCode.OK);
        Assert.Equal(365, set.EnumerateArray().Single(k => k.GetProperty("kind").GetString() == "events").GetProperty("policy").GetProperty("days").GetInt32());

        var applied = await Json(await _server.Client.PostAsync("/api/v1/retention/apply", null), HttpStatusCode.OK);
        Assert.Equal(2, applied.GetProperty("events.deleted").GetInt32());
        Assert.Equal(1, (await Json(await _server.Client.GetAsync("/api/v1/stats"), HttpStatusCode.OK)).GetProperty("events").GetInt32());
        Assert.Equal(HttpStatusCode.NoContent, (await _server.Client.DeleteAsync("/api/v1/retention/events")).StatusCode);
        var listed = await Json(await _server.Client.GetAsync("/api/v1/retention"), HttpStatusCode.OK);
        Assert.All(listed.EnumerateArray(), k => Assert.Equal(System.Text.Json.JsonValueKind.Null, k.GetProperty("policy").ValueKind));
        var log = await Json(await _server.Client.GetAsync("/api/v1/audit-log?action=retention"), HttpStatusCode.OK);
        Assert.Equal(["retention.removed", "retention.applied", "retention.set"], log.EnumerateArray().Select(l => l.GetProperty("action").GetString()));
    }
}
