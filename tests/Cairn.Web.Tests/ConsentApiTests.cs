using System.Net;
using System.Net.Http.Json;
using static Cairn.Web.Tests.ApiResponses;

namespace Cairn.Web.Tests;

/// <summary>
/// Consent over HTTP: a withdrawal in the middle of a campaign stops the next invitations (even
/// forced ones), double opt-in holds email back until the address is confirmed, and every change
/// is recorded with who made it.
/// </summary>
public sealed class ConsentApiTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await RunningServer.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task<System.Text.Json.JsonElement> InviteAsync(long survey, string[] customers, string channel = "email", bool force = false) =>
        await Json(await _server.Client.PostAsJsonAsync($"/api/v1/surveys/{survey}/invitations", new { customers, channel, force }), HttpStatusCode.OK);

    private static List<(string?, string?)> Skipped(System.Text.Json.JsonElement answer) =>
        [.. answer.GetProperty("skipped").EnumerateArray().Select(s => (s.GetProperty("customerId").GetString(), s.GetProperty("reason").GetString()))];

    [Fact]
    public async Task AWithdrawalMidCampaign_StopsTheNextInvitations_EvenForcedOnes_AndIsRecorded()
    {
        object[] customers = [new { id = "ana" }, new { id = "bo" }, new { id = "cy" }];
        (await _server.Client.PostAsJsonAsync("/api/v1/identify", new { customers })).EnsureSuccessStatusCode();
        var survey = (await Json(await _server.Client.PostAsJsonAsync("/api/v1/surveys", new { template = "relationship-nps" }), HttpStatusCode.Created)).GetProperty("id").GetInt64();
        Assert.Equal(1, (await InviteAsync(survey, ["ana"])).GetProperty("count").GetInt32());

        var withdrawn = await Json(await _server.Client.PutAsJsonAsync("/api/v1/customers/bo/consent", new { surveys = "withdrawn", preferredChannel = "SMS", language = "pt-BR" }), HttpStatusCode.OK);
        Assert.Equal(("withdrawn", "sms", "pt-BR"), (withdrawn.GetProperty("surveys").GetString(), withdrawn.GetProperty("preferredChannel").GetString(), withdrawn.GetProperty("language").GetString()));
        Assert.Equal(["language", "preferred_channel", "surveys"], withdrawn.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("field").GetString()).Order());
        Assert.All(withdrawn.GetProperty("history").EnumerateArray(), h => Assert.Equal("api", h.GetProperty("source").GetString()));

        var next = await InviteAsync(survey, ["bo", "cy"]);
        Assert.Equal(1, next.GetProperty("count").GetInt32());
        Assert.Equal([("bo", "consent withdrawn")], Skipped(next));
        var forced = await InviteAsync(survey, ["bo"], force: true);
        Assert.Equal([("bo", "consent withdrawn")], Skipped(forced)); // force overrides the contact rules, never consent
        var eligibility = await Json(await _server.Client.GetAsync($"/api/v1/surveys/{survey}/eligibility?customerId=bo"), HttpStatusCode.OK);
        Assert.False(eligibility.GetProperty("eligible").GetBoolean());

        // Double opt-in: email waits for a confirmed address; SMS does not.
        await Json(await _server.Client.PutAsJsonAsync("/api/v1/consent-policy", new { emailDoubleOptIn = true }), HttpStatusCode.OK);
        (await _server.Client.PostAsJsonAsync("/api/v1/identify", new { customers = new[] { new { id = "di" } } })).EnsureSuccessStatusCode();
        Assert.Equal([("di", "email address not confirmed (double opt-in)")], Skipped(await InviteAsync(survey, ["di"])));
        Assert.Equal(1, (await InviteAsync(survey, ["di"], channel: "sms")).GetProperty("count").GetInt32());
        await Json(await _server.Client.PutAsJsonAsync("/api/v1/customers/di/consent", new { emailConfirmed = true }), HttpStatusCode.OK);
        await Json(await _server.Client.PutAsJsonAsync("/api/v1/consent-policy", new { requireConsent = true }), HttpStatusCode.OK);
        Assert.Equal([("di", "no consent to be surveyed")], Skipped(await InviteAsync(survey, ["di"], force: true)));

        var bad = await Json(await _server.Client.PutAsJsonAsync("/api/v1/customers/ana/consent", new { surveys = "maybe", preferredChannel = "pigeon", language = "x" }), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["surveys", "preferredChannel", "language"], bad.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
        await Json(await _server.Client.PutAsJsonAsync("/api/v1/customers/ana/consent", new { }), HttpStatusCode.UnprocessableEntity);
        await Json(await _server.Client.PutAsJsonAsync("/api/v1/customers/nobody/consent", new { surveys = "granted" }), HttpStatusCode.NotFound);
        var audit = await Json(await _server.Client.GetAsync("/api/v1/audit-log?action=consent"), HttpStatusCode.OK);
        Assert.Contains("consent.policy_changed", audit.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OneClickUnsubscribe_WithdrawsConsent_OnPostOnly_AndRefusesForgedLinks()
    {
        (await _server.Client.PostAsJsonAsync("/api/v1/identify", new { customers = new[] { new { id = "eve" } } })).EnsureSuccessStatusCode();
        var survey = (await Json(await _server.Client.PostAsJsonAsync("/api/v1/surveys", new { template = "relationship-nps" }), HttpStatusCode.Created)).GetProperty("id").GetInt64();
        var invited = await InviteAsync(survey, ["eve"]);
        var unsubscribe = new Uri(invited.GetProperty("invitations")[0].GetProperty("unsubscribe").GetString()!);

        // A mail scanner's GET changes nothing: it only shows the button.
        var page = await _server.Anonymous.GetAsync(unsubscribe.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Unsubscribe</button>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("unknown", (await Json(await _server.Client.GetAsync("/api/v1/customers/eve/consent"), HttpStatusCode.OK)).GetProperty("surveys").GetString());

        // RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" to the URL.
        using var oneClick = new FormUrlEncodedContent([new KeyValuePair<string, string>("List-Unsubscribe", "One-Click")]);
        var done = await _server.Anonymous.PostAsync(unsubscribe.PathAndQuery, oneClick);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Contains("You are unsubscribed", await done.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var consent = await Json(await _server.Client.GetAsync("/api/v1/customers/eve/consent"), HttpStatusCode.OK);
        Assert.Equal("withdrawn", consent.GetProperty("surveys").GetString());
        Assert.Equal("unsubscribe link", consent.GetProperty("history")[0].GetProperty("source").GetString());
        Assert.Equal([("eve", "consent withdrawn")], Skipped(await InviteAsync(survey, ["eve"])));

        var forged = unsubscribe.PathAndQuery[..^3] + (unsubscribe.PathAndQuery[^3..] == "AAA" ? "BBB" : "AAA");
        using var again = new FormUrlEncodedContent([new KeyValuePair<string, string>("List-Unsubscribe", "One-Click")]);
        Assert.Equal(HttpStatusCode.Forbidden, (await _server.Anonymous.PostAsync(forged, again)).StatusCode);
    }
}
