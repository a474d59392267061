using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cairn.Storage;

namespace Cairn.Cli.Serve;

/// <summary>
/// Where a verb reads and writes: the running server's API when one holds the database (DuckDB
/// admits one writing process), else the store itself through the same services, so both give
/// the same answer.
/// </summary>
public sealed class ServerOrStore(StorageLocation location)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public async Task<T> GetAsync<T>(string apiPath, Func<CairnStore, long, Task<T>> local, CancellationToken cancellationToken)
    {
        if (ServerInfo.Find(location) is { } server)
        {
            using var http = Client(server);
            using var answer = await http.GetAsync("api/v1/" + apiPath, cancellationToken);
            await ThrowUnlessOkAsync(answer, cancellationToken);
            return (await answer.Content.ReadFromJsonAsync<T>(Json, cancellationToken))!;
        }

        await using var store = CairnStore.Open(location);
        return await local(store, await WorkspaceAsync(store));
    }

    /// <summary>Fetches a file (a report) from the server, or makes it locally against the store.</summary>
    public async Task<byte[]> GetBytesAsync(string apiPath, Func<CairnStore, long, Task<byte[]>> local, CancellationToken cancellationToken)
    {
        if (ServerInfo.Find(location) is { } server)
        {
            using var http = Client(server);
            http.Timeout = TimeSpan.FromMinutes(3);
            using var answer = await http.GetAsync("api/v1/" + apiPath, cancellationToken);
            await ThrowUnlessOkAsync(answer, cancellationToken);
            return await answer.Content.ReadAsByteArrayAsync(cancellationToken);
        }

        await using var store = CairnStore.Open(location);
        return await local(store, await WorkspaceAsync(store));
    }

    /// <summary>Like <see cref="GetBytesAsync"/>, but "not found" is an answer (null), not an error.</summary>
    public async Task<byte[]?> FindBytesAsync(string apiPath, Func<CairnStore, long, Task<byte[]?>> local, CancellationToken cancellationToken)
    {
        if (ServerInfo.Find(location) is { } server)
        {
            using var http = Client(server);
            using var answer = await http.GetAsync("api/v1/" + apiPath, cancellationToken);
            if (answer.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return null;
            }

            await ThrowUnlessOkAsync(answer, cancellationToken);
            return await answer.Content.ReadAsByteArrayAsync(cancellationToken);
        }

        await using var store = CairnStore.Open(location);
        return await local(store, await WorkspaceAsync(store));
    }

    /// <summary>Sends a JSON body to the server, or runs the local action against the store.</summary>
    public async Task<JsonElement> PostAsync(string apiPath, string json, Func<CairnStore, long, Task<JsonElement>> local, CancellationToken cancellationToken)
    {
        if (ServerInfo.Find(location) is { } server)
        {
            using var http = Client(server);
            using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
            using var answer = await http.PostAsync("api/v1/" + apiPath, content, cancellationToken);
            await ThrowUnlessOkAsync(answer, cancellationToken);
            return await answer.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        }

        await using var store = CairnStore.Open(location);
        return await local(store, await WorkspaceAsync(store));
    }

    /// <summary>Sends a DELETE to the server, or runs the local action against the store.</summary>
    public async Task<T> DeleteAsync<T>(string apiPath, Func<CairnStore, long, Task<T>> local, CancellationToken cancellationToken)
    {
        if (ServerInfo.Find(location) is { } server)
        {
            using var http = Client(server);
            using var answer = await http.DeleteAsync("api/v1/" + apiPath, cancellationToken);
            await ThrowUnlessOkAsync(answer, cancellationToken);
            return (await answer.Content.ReadFromJsonAsync<T>(Json, cancellationToken))!;
        }

        await using var store = CairnStore.Open(location);
        return await local(store, await WorkspaceAsync(store));
    }

    /// <summary>A journey given by id or by name.</summary>
    public async Task<long> ResolveAsync(string journey, CancellationToken cancellationToken)
    {
        var all = await GetAsync<List<JourneySummary>>("journeys", async (store, workspace) => (await store.JourneysAsync(workspace)).ToList(), cancellationToken);
        var found = all.FirstOrDefault(j => j.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == journey)
            ?? all.FirstOrDefault(j => string.Equals(j.Name, journey, StringComparison.OrdinalIgnoreCase));
        return found?.Id ?? throw new UsageException($"no journey '{journey}'; the workspace has: {(all.Count == 0 ? "none" : string.Join(", ", all.Select(j => $"{j.Id} ({j.Name})")))}");
    }

    private static HttpClient Client(ServerInfo server)
    {
        var http = new HttpClient { BaseAddress = new Uri(server.Url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Key);
        return http;
    }

    private static async Task ThrowUnlessOkAsync(HttpResponseMessage answer, CancellationToken cancellationToken)
    {
        if (!answer.IsSuccessStatusCode)
        {
            var problem = await answer.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            throw new UsageException(problem.ValueKind == JsonValueKind.Object && problem.TryGetProperty("detail", out var detail) ? detail.GetString()! : $"the server answered {(int)answer.StatusCode}");
        }
    }

    private async Task<long> WorkspaceAsync(CairnStore store) =>
        (await store.ListWorkspacesAsync()) is [var first, ..] ? first.Id : throw new UsageException($"{location} has no workspace yet; run `cairn demo` or import data first");
}
