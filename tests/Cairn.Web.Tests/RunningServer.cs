using System.Net.Http.Headers;
using Cairn.Storage;
using Cairn.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Web.Tests;

/// <summary>A real Kestrel server on a loopback port over a fresh DuckDB file, and a client with its API key.</summary>
public sealed class RunningServer : IAsyncDisposable
{
    public const string ApiKey = "cairn_test_key_0123456789";

    private readonly TempDirectory _directory = new();
    private WebApplication _app = null!;

    public HttpClient Client { get; private set; } = null!;

    public HttpClient Anonymous { get; private set; } = null!;

    /// <summary>The server's own store, for seeding what the API cannot yet write (survey responses).</summary>
    public CairnStore Store => _app.Services.GetRequiredService<CairnStore>();

    /// <summary>The server's services: its endpoints, for tests that walk every route.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>A client that sends another key (another scope or workspace) and sees redirects instead of following them.</summary>
    public HttpClient WithKey(string? key)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Anonymous.BaseAddress };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    public static async Task<RunningServer> StartAsync(Func<CairnWebOptions, CairnWebOptions>? configure = null)
    {
        var server = new RunningServer();
        var options = new CairnWebOptions
        {
            Storage = new StorageLocation(StorageEngine.DuckDb, server._directory.File("cairn.duckdb")),
            Urls = "http://127.0.0.1:0",
            AdminPassword = "test-password",
            ApiKey = ApiKey,
            Console = TextWriter.Null,
        };
        server._app = await CairnWebApp.BuildAsync(configure is null ? options : configure(options));
        await server._app.StartAsync();
        var url = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Client = new HttpClient { BaseAddress = new Uri(url) };
        server.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        server.Anonymous = new HttpClient { BaseAddress = new Uri(url) };
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Anonymous.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _directory.Dispose();
    }
}
