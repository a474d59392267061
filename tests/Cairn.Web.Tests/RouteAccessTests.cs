using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Web.Tests;

/// <summary>
/// Every route the server has, walked from its endpoint table (so a route added tomorrow is walked
/// too): a route is public only if it is on the list below; every other route refuses a caller with
/// no credentials and a caller whose key lacks the scope the route asks for.
/// </summary>
public sealed class RouteAccessTests : IAsyncLifetime
{
    private const string ReadKey = "cairn_read_key_0123456789";
    private const string IngestKey = "cairn_ingest_key_0123456789";

    /// <summary>The routes anyone may call: sign-in, the public survey page, the widget script, static assets, health, the API description.</summary>
    private static readonly HashSet<string> Public =
    [
        "GET /login", "POST /login", "POST /account/login", "GET /_framework/opaque-redirect", "GET /healthz",
        "GET /app.css", "GET /assets/survey.css", "GET /assets/charts.js", "GET /assets/echarts.min.js", "GET /widget.js",
        "GET /s/{surveyId:long}", "POST /s/{surveyId:long}", "GET /s/{surveyId:long}/unsubscribe", "POST /s/{surveyId:long}/unsubscribe",
        "GET /c/confirm", "POST /c/confirm", "GET /c/unsubscribe", "POST /c/unsubscribe",
        "GET /openapi/{documentName}.json", "GET /docs/{documentName?}", "GET /docs/favicon.svg", "GET /docs/scalar.aspnetcore.js", "GET /docs/scalar.js",
    ];

    private RunningServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await RunningServer.StartAsync();
        var workspace = (await _server.Store.ListWorkspacesAsync())[0].Id;
        await _server.Store.AddApiKeyAsync(workspace, "reader", "read", ReadKey);
        await _server.Store.AddApiKeyAsync(workspace, "collector", "ingest", IngestKey);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private sealed record Route(string Method, string Pattern, string Path, IReadOnlyList<string> Policies, bool Authorized, string? Accepts)
    {
        public string Name => $"{Method} {Pattern}";

        public bool IsApi => Pattern.StartsWith("/api/", StringComparison.Ordinal);
    }

    private List<Route> Routes()
    {
        var routes = new List<Route>();
        foreach (var endpoint in _server.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            var authorize = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            foreach (var method in methods.Where(m => m is not "HEAD" and not "OPTIONS"))
            {
                routes.Add(new Route(method, "/" + endpoint.RoutePattern.RawText!.TrimStart('/'), PathOf(endpoint.RoutePattern),
                    authorize.Select(a => a.Policy ?? "default").ToList(), authorize.Count > 0 && !anonymous,
                    endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes is [var accepts, ..] ? accepts : null));
            }
        }

        return routes.DistinctBy(r => r.Name).OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>A concrete path for a route pattern: numbers for numeric parameters, a word for the rest.</summary>
    private static string PathOf(RoutePattern pattern) =>
        "/" + string.Join("/", pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter when parameter.ParameterPolicies.Any(p => p.Content is "long" or "int") => "1",
            RoutePatternParameterPart parameter => parameter.Name == "documentName" ? "v1" : "x",
            _ => "",
        }))));

    [Fact]
    public void OnlyTheListedRoutes_AreOpenToEveryone()
    {
        var routes = Routes();
        Assert.True(routes.Count > 100, $"found only {routes.Count} routes; the walk is broken");
        var open = routes.Where(r => !r.Authorized).Select(r => r.Name).ToHashSet();
        Assert.True(open.SetEquals(Public), $"open to everyone: {string.Join(" | ", open.Order(StringComparer.Ordinal))}");
    }

    [Fact]
    public async Task EveryOtherRoute_RefusesACallerWithoutCredentials()
    {
        using var anonymous = _server.WithKey(null);
        var failures = new List<string>();
        foreach (var route in Routes().Where(r => r.Authorized))
        {
            using var response = await SendAsync(anonymous, route);
            var refused = route.IsApi
                ? response.StatusCode == HttpStatusCode.Unauthorized
                : response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.AbsolutePath == "/login";
            if (!refused)
            {
                failures.Add($"{route.Name}: {(int)response.StatusCode} {response.Headers.Location}");
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public async Task EveryOtherRoute_RefusesAKeyWithoutItsScope()
    {
        // A read key may not change anything; an ingest key (the one a web page embeds) may not read anything.
        using var reader = _server.WithKey(ReadKey);
        using var collector = _server.WithKey(IngestKey);
        var failures = new List<string>();
        var checkedRoutes = 0;
        foreach (var route in Routes().Where(r => r.Authorized))
        {
            var client = route.Policies.Any(p => p is "read" or "default") ? collector : reader;
            using var response = await SendAsync(client, route);
            checkedRoutes++;
            if (response.StatusCode != HttpStatusCode.Forbidden)
            {
                failures.Add($"{route.Name} [{string.Join(",", route.Policies)}] with the {(client == reader ? "read" : "ingest")} key: {(int)response.StatusCode}");
            }
        }

        Assert.Empty(failures);
        Assert.True(checkedRoutes > 100);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, Route route)
    {
        var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Path);
        if (route.Method is "POST" or "PUT" or "PATCH")
        {
            // The body matches what the route accepts, else routing answers 415 before any check of who calls.
            request.Content = route.Accepts switch
            {
                "multipart/form-data" => new MultipartFormDataContent { { new StringContent("1"), "x" } },
                "application/x-www-form-urlencoded" => new FormUrlEncodedContent([new("x", "1")]),
                "text/csv" => new StringContent("id\n", System.Text.Encoding.UTF8, "text/csv"),
                _ => new StringContent("{}", System.Text.Encoding.UTF8, "application/json"),
            };
        }

        return client.SendAsync(request);
    }
}
