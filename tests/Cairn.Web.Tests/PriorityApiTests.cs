using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using static Cairn.Web.Tests.ApiResponses;

namespace Cairn.Web.Tests;

/// <summary>The priorities board over HTTP: gaps ranked from real ingested data, analyst inputs, roles and bad input.</summary>
public sealed class PriorityApiTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    /// <summary>
    /// 100 customers at 80 a month. 40 complained about billing 30 days ago and 20 of them left 10
    /// days ago; of the 60 others, 6 left. 10 complained about slow delivery and none of them left.
    /// </summary>
    public async ValueTask InitializeAsync()
    {
        _server = await RunningServer.StartAsync();
        var now = DateTime.UtcNow;
        string Day(int daysAgo) => now.AddDays(-daysAgo).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < 100; i++)
        {
            var churned = i < 20 || i is >= 50 and < 56;
            object traits = churned
                ? new { monthlyRevenue = 80, signupAt = Day(300), status = "churned", churnType = "voluntary", churnedAt = Day(10) }
                : new { monthlyRevenue = 80, signupAt = Day(300) };
            (await _server.Client.PostAsJsonAsync("/api/v1/identify", new { customerId = $"c{i}", traits })).EnsureSuccessStatusCode();
        }

        var items = Enumerable.Range(0, 40).Select(i => new { id = $"b{i}", source = "ticket", customerId = $"c{i}", text = "Terrible billing, I was overcharged twice and nobody refunded me. Awful.", timestamp = Day(30) })
            .Concat(Enumerable.Range(60, 10).Select(i => new { id = $"d{i}", source = "ticket", customerId = $"c{i}", text = "The delivery was late and the parcel arrived damaged. Very disappointing.", timestamp = Day(30) }));
        (await _server.Client.PostAsJsonAsync("/api/v1/feedback", new { feedback = items })).EnsureSuccessStatusCode();
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Gaps_AreRankedByRevenueAtRisk_WithTheirInputs_AndAnalystsCanWeighThem()
    {
        var body = await Json(await _server.Client.GetAsync("/api/v1/priorities"), HttpStatusCode.OK);
        Assert.Equal(100, body.GetProperty("population").GetProperty("customers").GetInt64());
        var top = body.GetProperty("gaps")[0];
        Assert.Equal("Billing and price", top.GetProperty("label").GetString());
        Assert.Equal(1, top.GetProperty("rank").GetInt32());
        Assert.Equal(40, top.GetProperty("affected").GetInt64());
        // 20 of 40 (50%) left against 6 of 60 (10%): 40 points of excess churn, 16 customers lost.
        Assert.Equal(40, top.GetProperty("excessChurn").GetProperty("value").GetDouble(), 6);
        Assert.Equal(5, top.GetProperty("churn").GetProperty("lift").GetDouble(), 6);
        var revenue = top.GetProperty("revenueAtRisk");
        Assert.Equal(16, revenue.GetProperty("customersLost").GetDouble(), 6);
        Assert.Equal(16 * top.GetProperty("lifetimeValue").GetDouble(), revenue.GetProperty("value").GetDouble(), 3);
        Assert.Contains("churned 5.00× as often", top.GetProperty("why").GetString(), StringComparison.Ordinal);
        var key = top.GetProperty("key").GetString()!;

        var delivery = body.GetProperty("gaps").EnumerateArray().Single(g => g.GetProperty("label").GetString() == "Delivery");
        Assert.Equal(0, delivery.GetProperty("rank").GetInt32()); // 10 affected: too few to rank
        Assert.Equal(10, delivery.GetProperty("affected").GetInt64());

        // A margin of 0.5 halves the value at risk.
        var half = await Json(await _server.Client.GetAsync("/api/v1/priorities?margin=0.5&kind=theme"), HttpStatusCode.OK);
        Assert.Equal(revenue.GetProperty("value").GetDouble() / 2, half.GetProperty("gaps")[0].GetProperty("revenueAtRisk").GetProperty("value").GetDouble(), 3);

        var saved = await _server.Client.PutAsJsonAsync($"/api/v1/priorities/{Uri.EscapeDataString(key)}/inputs", new { severity = 5, fixability = 4, owner = "ADMIN@cairn.local" });
        await Json(saved, HttpStatusCode.OK);
        var weighed = (await Json(await _server.Client.GetAsync("/api/v1/priorities"), HttpStatusCode.OK)).GetProperty("gaps")[0];
        Assert.Equal("admin@cairn.local", weighed.GetProperty("owner").GetString());
        Assert.Equal(5, weighed.GetProperty("severity").GetInt32());
        Assert.Equal(revenue.GetProperty("value").GetDouble() * 1.5 * 1.25, weighed.GetProperty("score").GetDouble(), 3);
        Assert.Equal(["Severity", "Fixability"], weighed.GetProperty("factors").EnumerateArray().Select(f => f.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task BadInput_GetsProblemDetails_AndReadersCannotWeigh()
    {
        var bad = await _server.Client.GetAsync("/api/v1/priorities?from=yesterday&margin=2&kind=planets&limit=0");
        var problem = await Json(bad, HttpStatusCode.BadRequest);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        var fields = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("parameter").GetString()).ToList();
        Assert.Equal(["from", "margin", "kind", "limit"], fields);

        await Json(await _server.Client.PutAsJsonAsync("/api/v1/priorities/theme:999999/inputs", new { severity = 3 }), HttpStatusCode.NotFound);
        var key = (await Json(await _server.Client.GetAsync("/api/v1/priorities"), HttpStatusCode.OK)).GetProperty("gaps")[0].GetProperty("key").GetString()!;
        var invalid = await Json(await _server.Client.PutAsJsonAsync($"/api/v1/priorities/{key}/inputs", new { severity = 9, owner = "nobody@example.com" }), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["severity", "owner"], invalid.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));

        var workspace = (await _server.Store.ListWorkspacesAsync())[0].Id;
        await _server.Store.AddApiKeyAsync(workspace, "reader", "read", "cairn_reader_key_0123456789");
        using var reader = new HttpClient { BaseAddress = _server.Client.BaseAddress };
        reader.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "cairn_reader_key_0123456789");
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/v1/priorities")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PutAsJsonAsync($"/api/v1/priorities/{key}/inputs", new { severity = 3 })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _server.Anonymous.GetAsync("/api/v1/priorities")).StatusCode);
    }
}
