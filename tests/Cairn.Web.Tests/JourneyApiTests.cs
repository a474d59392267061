using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using static Cairn.Web.Tests.ApiResponses;

namespace Cairn.Web.Tests;

/// <summary>The journeys API end to end over HTTP: create from JSON, events mapped, map, paths, funnel, pain-point decisions, bad input.</summary>
public sealed class JourneyApiTests : IAsyncLifetime
{
    private const string Definition = """
        {"name": "Shop journey", "persona": "shopper", "state": "current", "stages": [
          {"name": "Discover", "customerGoal": "Find it", "touchpoints": [{"name": "Site", "channel": "web", "events": ["site_visit"]}]},
          {"name": "Buy", "touchpoints": [{"name": "Checkout", "channel": "web", "momentOfTruth": true, "events": ["checkout"]}]},
          {"name": "Use", "touchpoints": [{"name": "Support", "channel": "phone", "owner": "Care", "events": ["ticket_opened"]}]}]}
        """;

    private RunningServer _server = null!;
    private long _journey;

    public async ValueTask InitializeAsync()
    {
        _server = await RunningServer.StartAsync();
        var customers = Enumerable.Range(0, 60).Select(i => new { id = $"c{i}" }).ToArray();
        foreach (var c in customers)
        {
            (await _server.Client.PostAsJsonAsync("/api/v1/identify", new { customerId = c.id })).EnsureSuccessStatusCode();
        }

        // Every customer visits; 40 check out a day later; 10 of those call support twice.
        var t0 = new DateTime(2026, 5, 1, 9, 0, 0, DateTimeKind.Utc);
        var events = new List<object>();
        for (var i = 0; i < 60; i++)
        {
            events.Add(new { id = $"v{i}", customerId = $"c{i}", name = "site_visit", timestamp = t0.AddMinutes(i) });
            if (i < 40)
            {
                events.Add(new { id = $"k{i}", customerId = $"c{i}", name = "checkout", timestamp = t0.AddDays(1).AddMinutes(i) });
            }

            if (i < 10)
            {
                events.Add(new { id = $"s{i}a", customerId = $"c{i}", name = "ticket_opened", timestamp = t0.AddDays(3) });
                events.Add(new { id = $"s{i}b", customerId = $"c{i}", name = "ticket_opened", timestamp = t0.AddDays(5) });
            }
        }

        // Events arrive before the journey exists: creating it maps them.
        (await _server.Client.PostAsJsonAsync("/api/v1/events", new { events })).EnsureSuccessStatusCode();
        var created = await _server.Client.PostAsync("/api/v1/journeys", new StringContent(Definition, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        _journey = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Definition_RoundTrips_AndListShowsTheJourney()
    {
        var list = await _server.Client.GetFromJsonAsync<JsonElement>("/api/v1/journeys");
        Assert.Contains(list.EnumerateArray(), j => j.GetProperty("name").GetString() == "Shop journey" && j.GetProperty("touchpoints").GetInt64() == 3);
        var exported = await _server.Client.GetFromJsonAsync<JsonElement>($"/api/v1/journeys/{_journey}");
        Assert.Equal("Checkout", exported.GetProperty("stages")[1].GetProperty("touchpoints")[0].GetProperty("name").GetString());
        Assert.True(exported.GetProperty("stages")[1].GetProperty("touchpoints")[0].GetProperty("momentOfTruth").GetBoolean());
        Assert.Equal("ticket_opened", exported.GetProperty("stages")[2].GetProperty("touchpoints")[0].GetProperty("events")[0].GetString());
    }

    [Fact]
    public async Task AFutureState_IsDrafted_Rewritten_AndComparedWithItsSource_AndTheCurrentStateIsEditedInPlace()
    {
        static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");
        var edited = await Json(await _server.Client.PutAsync($"/api/v1/journeys/{_journey}", Body(Definition.Replace("\"checkout\"]", "\"checkout\", \"order_placed\"]", StringComparison.Ordinal))), HttpStatusCode.OK);
        Assert.True(edited.GetProperty("eventsRemapped").GetInt64() >= 0);
        var current = await _server.Client.GetFromJsonAsync<JsonElement>($"/api/v1/journeys/{_journey}");
        Assert.Equal(["checkout", "order_placed"], current.GetProperty("stages")[1].GetProperty("touchpoints")[0].GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        var future = (await Json(await _server.Client.PostAsync($"/api/v1/journeys/{_journey}/future", null), HttpStatusCode.Created)).GetProperty("id").GetInt64();

        var draft = await _server.Client.GetFromJsonAsync<JsonElement>($"/api/v1/journeys/{future}");
        Assert.Equal("future", draft.GetProperty("state").GetString());
        var stages = draft.GetProperty("stages").EnumerateArray().Select(s => System.Text.Json.Nodes.JsonNode.Parse(s.GetRawText())!.AsObject()).ToList();
        stages[1]["touchpoints"]!.AsArray().Add(System.Text.Json.Nodes.JsonNode.Parse("""{"name": "One-click reorder", "channel": "app", "momentOfTruth": true, "events": ["reorder"]}"""));
        var redesign = new System.Text.Json.Nodes.JsonObject { ["name"] = "Shop journey, redesigned", ["state"] = "current", ["stages"] = new System.Text.Json.Nodes.JsonArray([.. stages]) };
        Assert.Equal(HttpStatusCode.NoContent, (await _server.Client.PutAsync($"/api/v1/journeys/{future}", Body(redesign.ToJsonString()))).StatusCode);
        await Json(await _server.Client.PutAsync($"/api/v1/journeys/{future}", Body("""{"name": "x", "stages": []}""")), HttpStatusCode.BadRequest);

        var diff = await Json(await _server.Client.GetAsync($"/api/v1/journeys/{future}/diff"), HttpStatusCode.OK);
        Assert.Equal((_journey, "future", 2), (diff.GetProperty("before").GetProperty("id").GetInt64(), diff.GetProperty("after").GetProperty("state").GetString(), diff.GetProperty("after").GetProperty("version").GetInt32()));
        var added = diff.GetProperty("stages").EnumerateArray().SelectMany(s => s.GetProperty("touchpoints").EnumerateArray()).Where(t => t.GetProperty("kind").GetString() != "same").ToList();
        Assert.Equal(("One-click reorder", "added"), (Assert.Single(added).GetProperty("name").GetString(), added[0].GetProperty("kind").GetString()));
        await Json(await _server.Client.GetAsync($"/api/v1/journeys/{_journey}/diff"), HttpStatusCode.BadRequest); // the current state was drafted from nothing
        Assert.Equal(JsonValueKind.Array, (await Json(await _server.Client.GetAsync($"/api/v1/journeys/{_journey}/diff?with={future}"), HttpStatusCode.OK)).GetProperty("stages").ValueKind);
    }

    [Fact]
    public async Task TheMap_IsExportedAsSvgPngPdfAndJson_AtItsOwnSize()
    {
        async Task<(HttpResponseMessage Response, byte[] Body)> Export(string format)
        {
            var response = await _server.Client.GetAsync($"/api/v1/journeys/{_journey}/export?format={format}");
            return (response, await response.Content.ReadAsByteArrayAsync());
        }

        var (svg, svgBody) = await Export("svg");
        Assert.Equal(("image/svg+xml", $"journey-{_journey}.svg"), (svg.Content.Headers.ContentType!.MediaType, svg.Content.Headers.ContentDisposition!.FileName));
        var size = System.Text.RegularExpressions.Regex.Match(Encoding.UTF8.GetString(svgBody), "width=\"(\\d+)\" height=\"(\\d+)\"");
        var (_, png) = await Export("png");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Equal((int.Parse(size.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(size.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)),
            (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)))); // IHDR: the map's own size
        var (_, pdf) = await Export("pdf");
        Assert.Equal("%PDF", Encoding.ASCII.GetString(pdf, 0, 4));
        var (_, json) = await Export("json");
        Assert.Equal("Shop journey", JsonDocument.Parse(json).RootElement.GetProperty("name").GetString());
        await Json(await _server.Client.GetAsync($"/api/v1/journeys/{_journey}/export?format=xlsx"), HttpStatusCode.BadRequest);
        await Json(await _server.Client.GetAsync("/api/v1/journeys/999999/export?format=png"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Opportunities_AreWrittenWithEvidence_Validated_AndShownOnTheMap()
    {
        var map = await _server.Client.GetFromJsonAsync<JsonElement>($"/api/v1/journeys/{_journey}/map");
        var checkout = map.GetProperty("stages").EnumerateArray().SelectMany(s => s.GetProperty("touchpoints").EnumerateArray()).First(t => t.GetProperty("name").GetString() == "Checkout").GetProperty("id").GetInt64();
        var bad = await Json(await _server.Client.PostAsJsonAsync($"/api/v1/journeys/{_journey}/opportunities",
            new { title = "", touchpointId = 999_999, painPointId = 999_999, dueDate = "next week", verbatims = new[] { "nope" } }), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["title", "touchpointId", "painPointId", "dueDate", "verbatims"], bad.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));

        var created = await Json(await _server.Client.PostAsJsonAsync($"/api/v1/journeys/{_journey}/opportunities",
            new { title = "One-page checkout", touchpointId = checkout, owner = "digital@example.com", dueDate = "2027-01-31", metric = "Checkout CSAT 64%" }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.NoContent, (await _server.Client.PostAsJsonAsync($"/api/v1/journeys/{_journey}/opportunities/{id}/status", new { status = "planned" })).StatusCode);
        await Json(await _server.Client.PostAsJsonAsync($"/api/v1/journeys/{_journey}/opportunities/{id}/status", new { status = "someday" }), HttpStatusCode.UnprocessableEntity);
        await Json(await _server.Client.PostAsJsonAsync($"/api/v1/journeys/{_journey}/opportunities/999999/status", new { status = "done" }), HttpStatusCode.NotFound);

        var shown = Assert.Single((await _server.Client.GetFromJsonAsync<JsonElement>($"/api/v1/journeys/{_journey}/map")).GetProperty("opportunities").EnumerateArray());
        Assert.Equal(("One-page checkout", "Checkout", "planned", "Checkout CSAT 64%"), (shown.GetProperty("title").GetString(), shown.GetProperty("touchpoint").GetString(),
            shown.GetProperty("status").GetString(), shown.GetProperty("metric").GetString()));
        var svg = await _server.Client.GetStringAsync($"/api/v1/journeys/{_journey}/export?format=svg");
        Assert.Contains("◆ One-page checkout", svg, StringComparison.Ordinal);
        Assert.Contains(">Opportunities</text>", svg, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Map_CountsVolumesAndRepeatContacts_AndSuggestsTheRepeatPainPoint()
    {
        var map = await _server.Client.GetFromJsonAsync<JsonElement>($"/api/v1/journeys/{_journey}/map");
        var touchpoints = map.GetProperty("stages").EnumerateArray().SelectMany(s => s.GetProperty("touchpoints").EnumerateArray()).ToDictionary(t => t.GetProperty("name").GetString()!);
        Assert.Equal(60, touchpoints["Site"].GetProperty("data").GetProperty("customers").GetInt64());
        Assert.Equal(40, touchpoints["Checkout"].GetProperty("data").GetProperty("customers").GetInt64());
        Assert.Equal(20, touchpoints["Support"].GetProperty("data").GetProperty("events").GetInt64());
        Assert.Equal(100, touchpoints["Support"].GetProperty("data").GetProperty("returningShare").GetDouble());
        // 20 of 60 paths end at Site (an acquisition stage): a drop-off pain point at 33%.
        Assert.Equal(100.0 * 20 / 60, touchpoints["Site"].GetProperty("data").GetProperty("pathEndShare").GetDouble(), 6);
        var pains = map.GetProperty("painPoints").EnumerateArray().ToList();
        Assert.Contains(pains, p => p.GetProperty("rule").GetString() == "drop-off" && p.GetProperty("touchpoint").GetString() == "Site");
        // Support has only 10 customers: below the 30 the repeat-contact rule needs.
        Assert.DoesNotContain(pains, p => p.GetProperty("rule").GetString() == "repeat-contact");
    }

    [Fact]
    public async Task PainPointDecision_SticksToTheSuggestion()
    {
        var map = await _server.Client.GetFromJsonAsync<JsonElement>($"/api/v1/journeys/{_journey}/map");
        var drop = map.GetProperty("painPoints").EnumerateArray().First(p => p.GetProperty("rule").GetString() == "drop-off");
        var decision = await _server.Client.PostAsJsonAsync($"/api/v1/journeys/{_journey}/pain-points", new
        {
            touchpointId = drop.GetProperty("touchpointId").GetInt64(), rule = "drop-off", title = drop.GetProperty("title").GetString(), status = "accepted", owner = "Digital",
        });
        Assert.Equal(HttpStatusCode.OK, decision.StatusCode);
        var after = await _server.Client.GetFromJsonAsync<JsonElement>($"/api/v1/journeys/{_journey}/map");
        var accepted = Assert.Single(after.GetProperty("painPoints").EnumerateArray(),
            p => p.GetProperty("rule").GetString() == "drop-off" && p.GetProperty("touchpointId").GetInt64() == drop.GetProperty("touchpointId").GetInt64());
        Assert.Equal("accepted", accepted.GetProperty("status").GetString());
        Assert.Equal("Digital", accepted.GetProperty("owner").GetString());

        var bad = await _server.Client.PostAsJsonAsync($"/api/v1/journeys/{_journey}/pain-points", new { touchpointId = 999_999, title = "x", status = "maybe" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("status", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("touchpointId", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PathsAndFunnel_CountAsTheLogSays()
    {
        var paths = await _server.Client.GetFromJsonAsync<JsonElement>($"/api/v1/journeys/{_journey}/paths?level=touchpoint");
        var edges = paths.GetProperty("graph").GetProperty("edges").EnumerateArray().ToDictionary(e => e.GetProperty("from").GetString() + ">" + e.GetProperty("to").GetString(), e => e.GetProperty("count").GetInt64());
        Assert.Equal(40, edges["Site>Checkout"]);
        Assert.Equal(10, edges["Checkout>Support"]);
        Assert.False(edges.ContainsKey("Support>Support")); // repeats collapse
        Assert.Equal(3, paths.GetProperty("variants").GetProperty("distinctVariants").GetInt64());

        var funnel = await _server.Client.GetFromJsonAsync<JsonElement>($"/api/v1/journeys/{_journey}/funnel?steps=Site,Checkout,Support&window=4d");
        var reached = funnel.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("reached").GetInt64()).ToList();
        Assert.Equal([60L, 40, 10], reached); // the second support call (day 5) is outside the window, the first (day 3) inside

        var tight = await _server.Client.GetFromJsonAsync<JsonElement>($"/api/v1/journeys/{_journey}/funnel?steps=Site,Checkout,Support&window=2d");
        Assert.Equal(0, tight.GetProperty("steps")[2].GetProperty("reached").GetInt64());
    }

    [Theory]
    [InlineData("funnel?steps=Site", "steps")]
    [InlineData("funnel?steps=Site,Nowhere", "Nowhere")]
    [InlineData("funnel?steps=Site,Checkout&window=soon", "window")]
    [InlineData("paths?level=planet", "level")]
    [InlineData("paths?top=0", "top")]
    [InlineData("map?from=yesterday", "from")]
    [InlineData("flow?steps=1", "steps")]
    [InlineData("flow?steps=many", "steps")]
    [InlineData("flow?level=planet", "level")]
    public async Task BadQueries_GetProblemDetailsNamingTheParameter(string query, string named)
    {
        var response = await _server.Client.GetAsync($"/api/v1/journeys/{_journey}/{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(named, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadDefinitions_AndOtherWorkspacesJourneys_AreRefused()
    {
        var bad = await _server.Client.PostAsync("/api/v1/journeys", new StringContent("""{"name": "", "stages": [{"name": "A"}, {"name": "a"}]}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var detail = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        Assert.Contains("name", detail, StringComparison.Ordinal);
        Assert.Contains("earlier stage", detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _server.Client.GetAsync("/api/v1/journeys/987654/map")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _server.Anonymous.GetAsync($"/api/v1/journeys/{_journey}/map")).StatusCode);
    }
}
