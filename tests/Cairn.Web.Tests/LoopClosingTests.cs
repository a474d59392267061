using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cairn.Testing;
using MimeKit;
using static Cairn.Web.Tests.ApiResponses;

namespace Cairn.Web.Tests;

/// <summary>
/// Program-level loop closing and double opt-in, over real HTTP and real SMTP (MailKit to a local
/// sink): the customers who raised an issue are told what was done in their own words, consent
/// decides who may be written to, nobody is told twice, and each mail carries a working one-click
/// unsubscribe; a confirmation mail's link confirms the address on POST only.
/// </summary>
public sealed partial class LoopClosingTests : IAsyncLifetime
{
    private SmtpSink _sink = null!;
    private RunningServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _sink = new SmtpSink();
        _server = await RunningServer.StartAsync(o => o with
        {
            Smtp = new SmtpSettings("127.0.0.1", _sink.Port, null, null, "care@northwind.example"),
            OutboxInterval = TimeSpan.FromMilliseconds(200),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await _sink.DisposeAsync();
    }

    private async Task<MimeMessage> MailToAsync(string address)
    {
        for (var i = 0; i < 100; i++)
        {
            if (_sink.Messages.FirstOrDefault(m => m.To.Contains(address)) is { Data: { } data })
            {
                using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(data));
                return await MimeMessage.LoadAsync(stream);
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"no mail to {address}");
    }

    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) => new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    [Fact]
    public async Task YouSaidWeDid_TellsTheCustomersWhoRaisedIt_InTheirOwnWords_WithinConsent_AndNeverTwice()
    {
        object[] customers =
        [
            new { customerId = "c1", traits = new { email = "c1@example.com", name = "=HYPERLINK(\"http://evil\")" } },
            new { customerId = "c2", traits = new { email = "c2@example.com" } },
            new { customerId = "c3", traits = new { name = "No Mail" } },
            new { customerId = "c4", traits = new { email = "c4@example.com" } },
        ];
        foreach (var c in customers)
        {
            (await _server.Client.PostAsJsonAsync("/api/v1/identify", c)).EnsureSuccessStatusCode();
        }

        const string Said = "The wait time on the phone line was terrible, an hour on hold before anyone answered.";
        (await _server.Client.PostAsJsonAsync("/api/v1/feedback", new
        {
            feedback = new[]
            {
                new { id = "f1", source = "ticket", customerId = "c1", text = Said },
                new { id = "f2", source = "ticket", customerId = "c2", text = "Awful wait time again, I waited forever on hold." },
                new { id = "f3", source = "ticket", customerId = "c3", text = "The wait time is terrible, nobody picks up." },
                new { id = "f4", source = "ticket", customerId = "c4", text = "Great service, the wait time was short and the agent lovely." },
            },
        })).EnsureSuccessStatusCode();
        await Json(await _server.Client.PutAsJsonAsync("/api/v1/customers/c2/consent", new { surveys = "withdrawn" }), HttpStatusCode.OK);
        var initiative = (await Json(await _server.Client.PostAsJsonAsync("/api/v1/initiatives", new
        {
            title = "Call-back instead of queueing", description = "We call you back within the hour.", owner = "admin@cairn.local", metric = "nps", themes = new[] { "Wait time" },
        }), HttpStatusCode.Created)).GetProperty("initiative").GetProperty("id").GetInt64();

        var preview = await Json(await _server.Client.PostAsJsonAsync("/api/v1/loop-campaigns/preview", new { initiativeId = initiative }), HttpStatusCode.OK);
        Assert.Equal((3, 1, 1, 1, 0), (preview.GetProperty("raised").GetInt32(), preview.GetProperty("reachable").GetInt32(), preview.GetProperty("noEmail").GetInt32(),
            preview.GetProperty("noConsent").GetInt32(), preview.GetProperty("alreadyTold").GetInt32())); // c4 praised, so did not raise it
        var sample = Assert.Single(preview.GetProperty("samples").EnumerateArray());
        Assert.Equal("c1", sample.GetProperty("customerId").GetString());
        Assert.Contains($"“{Said}”", sample.GetProperty("body").GetString(), StringComparison.Ordinal);

        var created = await Json(await _server.Client.PostAsJsonAsync("/api/v1/loop-campaigns", new
        {
            initiativeId = initiative, subject = "{{name}}: you said, we did", body = "Hi {{name}}, you told us {{you_said}} We now call back within the hour.",
        }), HttpStatusCode.Created);
        Assert.Equal((3, 1, 1), (created.GetProperty("audience").GetInt32(), created.GetProperty("skippedNoEmail").GetInt32(), created.GetProperty("skippedConsent").GetInt32()));

        var mail = await MailToAsync("c1@example.com");
        Assert.Contains($"you told us “{Said}” We now call back", mail.TextBody, StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);
        var unsubscribe = new Uri(mail.Headers["List-Unsubscribe"]!.Trim('<', '>'));
        Assert.Contains(unsubscribe.ToString(), mail.TextBody, StringComparison.Ordinal);
        Assert.Single(_sink.Messages); // c2 withdrew, c3 has no address, c4 did not raise it

        // Nobody is told twice about the same initiative, even when the analyst sends again.
        var again = await Json(await _server.Client.PostAsJsonAsync("/api/v1/loop-campaigns", new { initiativeId = initiative }), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("1 were already told", again.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // The export neutralises a name that would run as a spreadsheet formula.
        var csv = await (await _server.Client.GetAsync($"/api/v1/loop-campaigns/{created.GetProperty("id").GetInt64()}/messages")).Content.ReadAsStringAsync();
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\"): you said, we did\"", csv, StringComparison.Ordinal);
        var list = await Json(await _server.Client.GetAsync($"/api/v1/loop-campaigns?initiative={initiative}"), HttpStatusCode.OK);
        Assert.Equal(1, list[0].GetProperty("sent").GetInt32() + list[0].GetProperty("queued").GetInt32());

        // RFC 8058 one-click from the header withdraws consent; a later campaign skips the customer.
        Assert.Equal(HttpStatusCode.OK, (await _server.Anonymous.PostAsync(unsubscribe.PathAndQuery, Form(("List-Unsubscribe", "One-Click")))).StatusCode);
        var consent = await Json(await _server.Client.GetAsync("/api/v1/customers/c1/consent"), HttpStatusCode.OK);
        Assert.Equal(("withdrawn", "unsubscribe link"), (consent.GetProperty("surveys").GetString(), consent.GetProperty("history")[0].GetProperty("source").GetString()));
        var byTheme = await Json(await _server.Client.PostAsJsonAsync("/api/v1/loop-campaigns/preview", new { themes = new[] { "wait time" } }), HttpStatusCode.OK);
        Assert.Equal((0, 2), (byTheme.GetProperty("reachable").GetInt32(), byTheme.GetProperty("noConsent").GetInt32()));
    }

    [Fact]
    public async Task ALoopCampaign_RefusesWhatItCannotDo_WithTheFieldNamed()
    {
        async Task<List<string?>> Refused(object body) =>
            [.. (await Json(await _server.Client.PostAsJsonAsync("/api/v1/loop-campaigns", body), HttpStatusCode.UnprocessableEntity))
                .GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString())];

        Assert.Equal(["initiativeId"], await Refused(new { }));
        Assert.Equal(["initiativeId", "insightId", "themes"], await Refused(new { initiativeId = 999, insightId = 999, themes = new[] { "Weather" } }));
        Assert.Equal(["since", "subject"], await Refused(new { themes = new[] { "Wait time" }, since = "2026-05-01", until = "2026-04-01", subject = "Hello {{first_name}}" }));
        Assert.Equal(["until"], await Refused(new { themes = new[] { "Wait time" }, until = "01/04/2026" }));
        Assert.Equal(["audience"], await Refused(new { themes = new[] { "Wait time" } })); // nobody raised it yet
        var initiative = (await Json(await _server.Client.PostAsJsonAsync("/api/v1/initiatives", new { title = "Faster app", owner = "admin@cairn.local", metric = "nps" }), HttpStatusCode.Created))
            .GetProperty("initiative").GetProperty("id").GetInt64();
        Assert.Equal(["themes"], await Refused(new { initiativeId = initiative })); // links no theme, no insight quotes anyone
    }

    [Fact]
    public async Task DoubleOptIn_MailsAConfirmationLink_ThatConfirmsOnPostOnly()
    {
        await Json(await _server.Client.PutAsJsonAsync("/api/v1/consent-policy", new { emailDoubleOptIn = true }), HttpStatusCode.OK);
        (await _server.Client.PostAsJsonAsync("/api/v1/identify", new { customerId = "dana", traits = new { email = "dana@example.com" } })).EnsureSuccessStatusCode();
        (await _server.Client.PostAsJsonAsync("/api/v1/identify", new { customerId = "nomail" })).EnsureSuccessStatusCode();

        var pending = await Json(await _server.Client.PutAsJsonAsync("/api/v1/customers/dana/consent", new { surveys = "pending" }), HttpStatusCode.OK);
        Assert.Equal("queued", pending.GetProperty("confirmation").GetString());
        var mail = await MailToAsync("dana@example.com");
        var link = new Uri(ConfirmLink().Match(mail.TextBody ?? "").Value);

        // A scanner's GET shows the button and changes nothing.
        var page = await _server.Anonymous.GetAsync(link.PathAndQuery);
        Assert.Contains("Confirm</button>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var before = await Json(await _server.Client.GetAsync("/api/v1/customers/dana/consent"), HttpStatusCode.OK);
        Assert.Equal(("pending", JsonValueKind.Null), (before.GetProperty("surveys").GetString(), before.GetProperty("emailConfirmedAt").ValueKind));

        var token = System.Web.HttpUtility.ParseQueryString(link.Query)["t"]!;
        var forged = token[..^2] + (token[^2..] == "AA" ? "BB" : "AA");
        Assert.Equal(HttpStatusCode.Forbidden, (await _server.Anonymous.PostAsync("/c/confirm", Form(("t", forged)))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _server.Anonymous.PostAsync("/c/unsubscribe", Form(("t", token)))).StatusCode); // a confirm link does not unsubscribe
        var confirmed = await _server.Anonymous.PostAsync("/c/confirm", Form(("t", token)));
        Assert.Contains("your email address is confirmed", await confirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var after = await Json(await _server.Client.GetAsync("/api/v1/customers/dana/consent"), HttpStatusCode.OK);
        Assert.Equal("granted", after.GetProperty("surveys").GetString());
        Assert.NotEqual(JsonValueKind.Null, after.GetProperty("emailConfirmedAt").ValueKind);
        Assert.All(after.GetProperty("history").EnumerateArray().Take(2), h => Assert.Equal(("confirmation link", "customer"), (h.GetProperty("source").GetString(), h.GetProperty("actor").GetString())));

        Assert.Equal("already confirmed", (await Json(await _server.Client.PostAsync("/api/v1/customers/dana/consent/confirmation", null), HttpStatusCode.OK)).GetProperty("status").GetString());
        await Json(await _server.Client.PostAsync("/api/v1/customers/nomail/consent/confirmation", null), HttpStatusCode.UnprocessableEntity);
        await Json(await _server.Client.PostAsync("/api/v1/customers/nobody/consent/confirmation", null), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task SurveyInvitations_AreMailed_WithOneLinkPerScore_WithinConsent_AndUnsubscribeInOneClick()
    {
        object[] customers = [new { customerId = "i1", traits = new { email = "i1@example.com" } }, new { customerId = "i2", traits = new { name = "No Mail" } }, new { customerId = "i3", traits = new { email = "i3@example.com" } }];
        foreach (var c in customers)
        {
            (await _server.Client.PostAsJsonAsync("/api/v1/identify", c)).EnsureSuccessStatusCode();
        }

        await Json(await _server.Client.PutAsJsonAsync("/api/v1/customers/i3/consent", new { surveys = "withdrawn" }), HttpStatusCode.OK);
        var survey = (await Json(await _server.Client.PostAsJsonAsync("/api/v1/surveys", new { template = "relationship-nps" }), HttpStatusCode.Created)).GetProperty("id").GetInt64();
        await Json(await _server.Client.PostAsJsonAsync($"/api/v1/surveys/{survey}/invitations", new { customers = new[] { "i1" }, channel = "sms", send = true }), HttpStatusCode.UnprocessableEntity);

        var sent = await Json(await _server.Client.PostAsJsonAsync($"/api/v1/surveys/{survey}/invitations", new { customers = new[] { "i1", "i2", "i3" }, send = true }), HttpStatusCode.OK);
        Assert.Equal((1, "queued"), (sent.GetProperty("count").GetInt32(), sent.GetProperty("mail").GetString()));
        Assert.Equal([("i2", "no email address"), ("i3", "consent withdrawn")],
            sent.GetProperty("skipped").EnumerateArray().Select(x => (x.GetProperty("customerId").GetString(), x.GetProperty("reason").GetString())).OrderBy(x => x.Item1));

        var mail = await MailToAsync("i1@example.com");
        var link = sent.GetProperty("invitations")[0].GetProperty("link").GetString()!;
        Assert.Contains($"  9: {link}&score=9", mail.TextBody, StringComparison.Ordinal);
        Assert.Single(_sink.Messages);
        var page = await (await _server.Anonymous.GetAsync(new Uri(link + "&score=9").PathAndQuery)).Content.ReadAsStringAsync();
        Assert.Contains("value=\"9\" checked", page, StringComparison.Ordinal); // the click preselects; only the respondent's submit records
        Assert.Equal(0, (await Json(await _server.Client.GetAsync("/api/v1/stats"), HttpStatusCode.OK)).GetProperty("responses").GetInt32());

        var unsubscribe = new Uri(mail.Headers["List-Unsubscribe"]!.Trim('<', '>'));
        Assert.Equal(HttpStatusCode.OK, (await _server.Anonymous.PostAsync(unsubscribe.PathAndQuery, Form(("List-Unsubscribe", "One-Click")))).StatusCode);
        Assert.Equal("withdrawn", (await Json(await _server.Client.GetAsync("/api/v1/customers/i1/consent"), HttpStatusCode.OK)).GetProperty("surveys").GetString());
    }

    [Fact]
    public async Task ThePublicAddress_WhenConfigured_IsTheOneWrittenIntoLinks()
    {
        await using var server = await RunningServer.StartAsync(o => o with { PublicUrl = "https://cx.example.com" });
        (await server.Client.PostAsJsonAsync("/api/v1/identify", new { customerId = "p1" })).EnsureSuccessStatusCode();
        var survey = (await Json(await server.Client.PostAsJsonAsync("/api/v1/surveys", new { template = "relationship-nps" }), HttpStatusCode.Created)).GetProperty("id").GetInt64();
        var invited = await Json(await server.Client.PostAsJsonAsync($"/api/v1/surveys/{survey}/invitations", new { customers = new[] { "p1" } }), HttpStatusCode.OK);
        Assert.StartsWith($"https://cx.example.com/s/{survey}?t=", invited.GetProperty("invitations")[0].GetProperty("link").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASurveyTrigger_InvitesWhoDidTheEvent_AfterItsDelay_AndNobodyFromBeforeIt()
    {
        await using var sink = new SmtpSink();
        await using var server = await RunningServer.StartAsync(o => o with
        {
            Smtp = new SmtpSettings("127.0.0.1", sink.Port, null, null, "care@northwind.example"),
            OutboxInterval = TimeSpan.FromMilliseconds(200),
            TriggerInterval = TimeSpan.FromMilliseconds(200),
            TriggerCommitLag = TimeSpan.FromMilliseconds(300),
        });
        foreach (var c in new[] { "early", "closer", "waiter" })
        {
            (await server.Client.PostAsJsonAsync("/api/v1/identify", new { customerId = c, traits = new { email = $"{c}@example.com" } })).EnsureSuccessStatusCode();
        }

        async Task Track(string id, string customer, string name) =>
            (await server.Client.PostAsJsonAsync("/api/v1/events", new { events = new[] { new { id, customerId = customer, name, timestamp = DateTime.UtcNow } } })).EnsureSuccessStatusCode();
        var survey = (await Json(await server.Client.PostAsJsonAsync("/api/v1/surveys", new { template = "relationship-nps" }), HttpStatusCode.Created)).GetProperty("id").GetInt64();
        await Track("e0", "early", "ticket_closed"); // before the trigger exists: nobody is invited for it

        var bad = await Json(await server.Client.PutAsJsonAsync($"/api/v1/surveys/{survey}/triggers", new object[] { new { @event = "", delayMinutes = -1 } }), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["event", "delayMinutes"], bad.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
        var set = await Json(await server.Client.PutAsJsonAsync($"/api/v1/surveys/{survey}/triggers",
            new object[] { new { @event = "ticket_closed", delayMinutes = 0 }, new { @event = "order_delivered", delayMinutes = 60 } }), HttpStatusCode.OK);
        Assert.Equal(2, set.GetArrayLength());
        await Track("e1", "closer", "ticket_closed");
        await Track("e2", "waiter", "order_delivered"); // invited an hour after delivery, not now

        for (var i = 0; i < 100 && !sink.Messages.Any(m => m.To.Contains("closer@example.com")); i++)
        {
            await Task.Delay(100);
        }

        var (to, data) = Assert.Single(sink.Messages);
        Assert.Equal(["closer@example.com"], to);
        Assert.Contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click", data, StringComparison.Ordinal);
        await Task.Delay(600); // three more sweeps: still nobody else
        Assert.Single(sink.Messages);
        var listed = (await server.Client.GetFromJsonAsync<JsonElement>("/api/v1/surveys")).EnumerateArray().Single(s => s.GetProperty("id").GetInt64() == survey);
        Assert.Equal(1, listed.GetProperty("invited").GetInt32());
    }

    [GeneratedRegex(@"http://\S+/c/confirm\?t=\S+")]
    private static partial Regex ConfirmLink();
}
