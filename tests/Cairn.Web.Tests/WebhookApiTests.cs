using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cairn.Core.Outbound;
using Cairn.Storage;
using Cairn.Web.Outbound;
using static Cairn.Web.Tests.ApiResponses;

namespace Cairn.Web.Tests;

/// <summary>Webhooks over real HTTP: targets checked, events delivered signed, failures retried and logged, private names refused at connect time.</summary>
public sealed class WebhookApiTests
{
    private static async Task<JsonElement> DeliveriesWhenAsync(RunningServer server, long webhook, Func<JsonElement, bool> done)
    {
        for (var i = 0; i < 100; i++)
        {
            var log = await Json(await server.Client.GetAsync($"/api/v1/webhooks/{webhook}/deliveries"), HttpStatusCode.OK);
            if (done(log))
            {
                return log;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the deliveries never reached the expected state");
    }

    [Fact]
    public async Task Events_AreDeliveredSigned_AndAFailingTargetIsRetriedAndLogged()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await RunningServer.StartAsync(o => o with { WebhookInterval = TimeSpan.FromMilliseconds(100) });

        var refused = await Json(await server.Client.PostAsJsonAsync("/api/v1/webhooks", new { url = receiver.Url, events = new[] { "case.opened", "nonsense" } }), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["url", "events"], refused.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
        Assert.Contains("private", refused.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);

        var created = await Json(await server.Client.PostAsJsonAsync("/api/v1/webhooks",
            new { url = receiver.Url, events = new[] { "response.completed", "case.opened", "case.status_changed" }, allowPrivate = true }), HttpStatusCode.Created);
        var webhook = created.GetProperty("id").GetInt64();
        var secret = created.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        var listed = await Json(await server.Client.GetAsync("/api/v1/webhooks"), HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, listed[0].GetProperty("secret").ValueKind); // shown once

        foreach (var customer in new[] { "d1", "p1" })
        {
            (await server.Client.PostAsJsonAsync("/api/v1/identify", new { customerId = customer })).EnsureSuccessStatusCode();
        }

        var survey = (await Json(await server.Client.PostAsJsonAsync("/api/v1/surveys", new { template = "relationship-nps" }), HttpStatusCode.Created)).GetProperty("id").GetInt64();
        await Json(await server.Client.PostAsJsonAsync("/api/v1/case-rules", new { name = "Detractors", condition = "nps <= 6", since = "2020-01-01" }), HttpStatusCode.Created);
        await Json(await server.Client.PostAsJsonAsync($"/api/v1/surveys/{survey}/responses", new { id = "r1", customerId = "d1", answers = new { nps = 3 } }), HttpStatusCode.OK);
        await Json(await server.Client.PostAsync("/api/v1/cases/sweep", null), HttpStatusCode.OK);

        await DeliveriesWhenAsync(server, webhook, log => log.GetArrayLength() == 2 && log.EnumerateArray().All(d => d.GetProperty("status").GetString() == "delivered"));
        // Due deliveries go out in parallel, so arrival order is not promised (receivers order by the payload's time): compare by event.
        var received = receiver.Deliveries.OrderBy(r => r.Event == "response.completed" ? 0 : 1).ToList();
        Assert.Equal(["response.completed", "case.opened"], received.Select(r => r.Event));
        Assert.All(received, r => Assert.True(WebhookSignature.Verify(secret, r.Signature, r.Body, DateTimeOffset.UtcNow), r.Body));
        var response = JsonDocument.Parse(received[0].Body).RootElement;
        Assert.Equal(("response.completed", "r1", 3), (response.GetProperty("event").GetString(), response.GetProperty("ref").GetString(),
            response.GetProperty("data").GetProperty("answers").GetProperty("nps").GetInt32()));
        Assert.Equal("d1", JsonDocument.Parse(received[1].Body).RootElement.GetProperty("data").GetProperty("customerId").GetString());

        // Working the case reports each status move.
        var caseId = (await Json(await server.Client.GetAsync("/api/v1/cases"), HttpStatusCode.OK)).GetProperty("cases")[0].GetProperty("id").GetInt64();
        await Json(await server.Client.PostAsJsonAsync($"/api/v1/cases/{caseId}/status", new { status = "in_progress" }), HttpStatusCode.OK);
        await DeliveriesWhenAsync(server, webhook, l => l.GetArrayLength() == 3 && l[0].GetProperty("status").GetString() == "delivered");
        var moved = JsonDocument.Parse(receiver.Deliveries.Last().Body).RootElement;
        Assert.Equal(("case.status_changed", "new", "in_progress"), (moved.GetProperty("event").GetString(), moved.GetProperty("data").GetProperty("from").GetString(),
            moved.GetProperty("data").GetProperty("to").GetString()));

        // The receiver breaks: the next event is attempted, logged with the answer, and queued for a retry; nothing blocks the response.
        receiver.Status = 500;
        await Json(await server.Client.PostAsJsonAsync($"/api/v1/surveys/{survey}/responses", new { id = "r2", customerId = "p1", answers = new { nps = 10 } }), HttpStatusCode.OK);
        var log = await DeliveriesWhenAsync(server, webhook, l => l[0].GetProperty("attempts").GetInt32() >= 1);
        var failed = log[0];
        Assert.Equal(("queued", 500, "answered 500 Internal Server Error"), (failed.GetProperty("status").GetString(), failed.GetProperty("lastStatus").GetInt32(), failed.GetProperty("lastError").GetString()));
        Assert.True(failed.GetProperty("nextAttemptAt").GetDateTime() > failed.GetProperty("lastAttemptAt").GetDateTime().AddSeconds(50)); // backs off a minute

        Assert.Equal(HttpStatusCode.NoContent, (await server.Client.DeleteAsync($"/api/v1/webhooks/{webhook}")).StatusCode);
        var stopped = await Json(await server.Client.GetAsync($"/api/v1/webhooks/{webhook}/deliveries"), HttpStatusCode.OK);
        Assert.Equal(("dead", "webhook deleted"), (stopped[0].GetProperty("status").GetString(), stopped[0].GetProperty("lastError").GetString()));
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Anonymous.GetAsync("/api/v1/webhooks")).StatusCode);
    }

    [Fact]
    public async Task AName_ThatResolvesInward_IsRefusedWhenConnecting()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var port = new Uri(receiver.Url).Port;
        var delivery = new DueDelivery(1, 1, 1, WebhookEvents.AlertRaised, "{}", 0, $"http://localhost:{port}/hook", "whsec_x", AllowPrivate: false);

        using var strict = WebhookSender.Client(allowPrivate: false);
        var (delivered, status, error, _) = await WebhookSender.DeliverAsync(strict, delivery, DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.False(delivered);
        Assert.Null(status);
        Assert.Contains("resolves only to private or loopback addresses", error, StringComparison.Ordinal);
        Assert.Empty(receiver.Deliveries);

        using var allowed = WebhookSender.Client(allowPrivate: true);
        Assert.True((await WebhookSender.DeliverAsync(allowed, delivery with { AllowPrivate = true }, DateTimeOffset.UtcNow, CancellationToken.None)).Delivered);
        Assert.Single(receiver.Deliveries);
    }
}
