using System.Net;
using System.Net.Http.Json;
using static Cairn.Web.Tests.ApiResponses;

namespace Cairn.Web.Tests;

/// <summary>The customer 360 over HTTP: one customer's timeline across channels, paged, with bad parameters named.</summary>
public sealed class CustomerApiTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await RunningServer.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task OneCustomer_IsSeenWhole_AndPaged()
    {
        (await _server.Client.PostAsJsonAsync("/api/v1/identify", new { customerId = "ana", traits = new { name = "Ana Lima", email = "ana@example.com" } })).EnsureSuccessStatusCode();
        var events = Enumerable.Range(0, 5).Select(i => new { id = $"e{i}", customerId = "ana", name = "app_login", timestamp = new DateTime(2026, 9, 1 + i, 9, 0, 0, DateTimeKind.Utc), channel = "app" }).ToArray();
        (await _server.Client.PostAsJsonAsync("/api/v1/events", new { events })).EnsureSuccessStatusCode();
        var survey = (await Json(await _server.Client.PostAsJsonAsync("/api/v1/surveys", new { template = "relationship-nps" }), HttpStatusCode.Created)).GetProperty("id").GetInt64();
        await Json(await _server.Client.PostAsJsonAsync($"/api/v1/surveys/{survey}/responses", new { id = "r1", customerId = "ana", answers = new { nps = 9 } }), HttpStatusCode.OK);

        var view = await Json(await _server.Client.GetAsync("/api/v1/customers/ana?limit=3"), HttpStatusCode.OK);
        Assert.Equal("Ana Lima", view.GetProperty("profile").GetProperty("name").GetString());
        Assert.Equal((5, 1), (view.GetProperty("counts").GetProperty("events").GetInt32(), view.GetProperty("counts").GetProperty("responses").GetInt32()));
        Assert.Equal(9, view.GetProperty("feeling").GetProperty("latestScores").GetProperty("nps").GetDouble());
        var page = view.GetProperty("timeline");
        Assert.Equal(["response", "event", "event"], page.EnumerateArray().Select(t => t.GetProperty("kind").GetString()));
        var next = view.GetProperty("nextBefore").GetString();
        var older = await Json(await _server.Client.GetAsync($"/api/v1/customers/ana?limit=3&before={Uri.EscapeDataString(next!)}"), HttpStatusCode.OK);
        Assert.Equal(3, older.GetProperty("timeline").GetArrayLength()); // the three oldest logins
        Assert.Equal(System.Text.Json.JsonValueKind.Null, older.GetProperty("nextBefore").ValueKind);

        var found = await Json(await _server.Client.GetAsync("/api/v1/customers?q=ana@"), HttpStatusCode.OK);
        Assert.Equal("ana", found[0].GetProperty("externalId").GetString());
        var bad = await Json(await _server.Client.GetAsync("/api/v1/customers/ana?limit=0&before=yesterday"), HttpStatusCode.BadRequest);
        Assert.Equal(["before", "limit"], bad.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("parameter").GetString()));
        await Json(await _server.Client.GetAsync("/api/v1/customers"), HttpStatusCode.BadRequest);
        await Json(await _server.Client.GetAsync("/api/v1/customers/nobody"), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _server.Anonymous.GetAsync("/api/v1/customers/ana")).StatusCode);
    }

    [Fact]
    public async Task LifetimeValue_IsComputedBothWays_FromChurnRevenueAndPurchases()
    {
        var now = DateTime.UtcNow;
        var twoYears = now.AddYears(-2);
        object[] customers =
        [
            new { id = "a", traits = new { signupAt = twoYears, monthlyRevenue = 100, segment = "business" } },
            new { id = "b", traits = new { signupAt = twoYears, monthlyRevenue = 100, segment = "business", status = "churned", churnedAt = now.AddMonths(-6) } },
            new { id = "c", traits = new { signupAt = twoYears, monthlyRevenue = 50, segment = "consumer" } },
            new { id = "d", traits = new { signupAt = twoYears, monthlyRevenue = 50, segment = "consumer" } },
        ];
        (await _server.Client.PostAsJsonAsync("/api/v1/identify", new { customers })).EnsureSuccessStatusCode();
        object[] records =
        [
            new { id = "o1", customerId = "a", kind = "order", occurredAt = now.AddDays(-100).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), amount = 30, currency = "EUR" },
            new { id = "o2", customerId = "a", kind = "order", occurredAt = now.AddDays(-50).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), amount = 50, currency = "EUR" },
            new { id = "i1", customerId = "c", kind = "invoice", occurredAt = now.AddDays(-20).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), amount = 40, currency = "EUR" },
            new { id = "o3", customerId = "d", kind = "order", occurredAt = now.AddDays(-400).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), amount = 999, currency = "EUR" }, // over a year ago
        ];
        (await _server.Client.PostAsJsonAsync("/api/v1/records", new { records })).EnsureSuccessStatusCode();

        var clv = await Json(await _server.Client.GetAsync("/api/v1/metrics/clv?by=segment"), HttpStatusCode.OK);
        var overall = clv.GetProperty("overall");
        // 1 of the 4 customers at the year's start left: 25% a year, 1/48 a month, 48 months; active revenue (100 + 50 + 50) / 3.
        Assert.Equal(48, overall.GetProperty("expectedMonths").GetDouble(), 6);
        Assert.Equal(200.0 / 3 * 48, overall.GetProperty("byChurn").GetDouble(), 6);
        // Seed: 3 purchases worth 120 by 2 customers in the year: C = 40, O = 1.5, Y = 4 years.
        Assert.Equal((40.0, 1.5), (overall.GetProperty("averagePurchase").GetDouble(), overall.GetProperty("purchasesPerYear").GetDouble()));
        Assert.Equal(40 * 1.5 * 4, overall.GetProperty("seed").GetDouble(), 6);
        Assert.Equal(["business", "consumer"], clv.GetProperty("slices").EnumerateArray().Select(x => x.GetProperty("group").GetString()));

        var withMargin = await Json(await _server.Client.GetAsync("/api/v1/metrics/clv?margin=0.5"), HttpStatusCode.OK);
        Assert.Equal(200.0 / 3 * 48 / 2, withMargin.GetProperty("overall").GetProperty("byChurn").GetDouble(), 6);
        var bad = await Json(await _server.Client.GetAsync("/api/v1/metrics/clv?by=touchpoint&margin=0"), HttpStatusCode.BadRequest);
        Assert.Equal(["by", "margin"], bad.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("parameter").GetString()));
    }

    [Fact]
    public async Task CrmRecords_AreCheckedWhole_StoredOnce_AndShownOnTheTimeline()
    {
        (await _server.Client.PostAsJsonAsync("/api/v1/identify", new { customerId = "bo" })).EnsureSuccessStatusCode();
        object[] bad =
        [
            new { id = "o1", customerId = "bo", kind = "order", occurredAt = "23/11/2026", amount = 10, currency = "EUR" },
            new { id = "o2", customerId = "bo", kind = "refund", occurredAt = "2026-11-23" },
            new { id = "o3", customerId = "bo", kind = "order", occurredAt = "2026-11-23", amount = 10 },
            new { id = "o4", customerId = "bo", kind = "order", occurredAt = "2026-11-23", amount = 10, currency = "EURO" },
        ];
        var refused = await Json(await _server.Client.PostAsJsonAsync("/api/v1/records", new { records = bad }), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["0:occurredAt", "1:kind", "2:currency", "3:currency"],
            refused.GetProperty("errors").EnumerateArray().Select(e => $"{e.GetProperty("index").GetInt32()}:{e.GetProperty("field").GetString()}"));
        var unknown = await Json(await _server.Client.PostAsJsonAsync("/api/v1/records",
            new { records = new[] { new { id = "o5", customerId = "nobody", kind = "order", occurredAt = "2026-11-23" } } }), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("unknown customer 'nobody'", unknown.GetRawText(), StringComparison.Ordinal);

        var good = new { records = new object[]
        {
            new { id = "SO-9", customerId = "bo", kind = "order", occurredAt = "2026-11-20T10:00:00Z", amount = 249.9, currency = "eur", properties = new { sku = "PHONE-12" } },
            new { id = "RN-9", customerId = "bo", kind = "renewal", occurredAt = "2027-01-15" },
        } };
        var first = await Json(await _server.Client.PostAsJsonAsync("/api/v1/records", good), HttpStatusCode.OK);
        var again = await Json(await _server.Client.PostAsJsonAsync("/api/v1/records", good), HttpStatusCode.OK);
        Assert.Equal((2, 0, 0, 2), (first.GetProperty("accepted").GetInt32(), first.GetProperty("duplicates").GetInt32(), again.GetProperty("accepted").GetInt32(), again.GetProperty("duplicates").GetInt32()));

        var view = await Json(await _server.Client.GetAsync("/api/v1/customers/bo"), HttpStatusCode.OK);
        var records = view.GetProperty("timeline").EnumerateArray().Where(t => t.GetProperty("kind").GetString() == "record").ToList();
        Assert.Equal(["renewal", "order"], records.Select(r => r.GetProperty("title").GetString()));
        Assert.Equal((249.9, "EUR"), (records[1].GetProperty("amount").GetDouble(), records[1].GetProperty("currency").GetString()));
        Assert.Equal(2, view.GetProperty("counts").GetProperty("records").GetInt32());
        Assert.Equal(HttpStatusCode.Unauthorized, (await _server.Anonymous.PostAsJsonAsync("/api/v1/records", good)).StatusCode);
    }
}
