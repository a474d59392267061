using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cairn.Core.Ingestion;
using Cairn.Storage;

namespace Cairn.Cli.Import;

/// <summary>
/// Where imported records go: straight into the store, or, when a server already holds the DuckDB
/// file, through that server's API (a real process boundary, hence the interface).
/// </summary>
public interface IIngestSink : IAsyncDisposable
{
    /// <summary>Sends one batch of raw items (as the API takes them); returns the outcome.</summary>
    Task<IngestOutcome> SendAsync(ImportKind kind, IReadOnlyList<JsonElement> items, CancellationToken cancellationToken);
}

public sealed class StoreSink(CairnStore store, long workspaceId, TimeProvider time) : IIngestSink
{
    public Task<IngestOutcome> SendAsync(ImportKind kind, IReadOnlyList<JsonElement> items, CancellationToken cancellationToken)
    {
        var errors = new List<ItemError>();
        var now = time.GetUtcNow().UtcDateTime;
        if (kind == ImportKind.Records)
        {
            var records = items.Select((e, i) => Cairn.Core.Customers.CustomerRecord.Read(e, i, errors)).OfType<Cairn.Core.Customers.CustomerRecord>().ToList();
            return errors.Count > 0 ? Task.FromResult(IngestOutcome.Refused(errors)) : store.AddRecordsAsync(workspaceId, records);
        }

        IngestBatch batch = kind switch
        {
            ImportKind.Customers => IngestBatch.OfCustomers(items.Select((e, i) => Cairn.Core.Customers.CustomerProfile.Read(e, i, errors)).OfType<Cairn.Core.Customers.CustomerProfile>().ToList()),
            ImportKind.Events => IngestBatch.OfEvents(items.Select((e, i) => Cairn.Core.Events.TrackEvent.Read(e, i, errors)).OfType<Cairn.Core.Events.TrackEvent>().ToList()),
            _ => IngestBatch.OfFeedback(items.Select((e, i) => Cairn.Core.Feedback.FeedbackItem.Read(e, i, now, errors)).OfType<Cairn.Core.Feedback.FeedbackItem>().ToList()),
        };
        return errors.Count > 0 ? Task.FromResult(IngestOutcome.Refused(errors)) : store.IngestAsync(workspaceId, batch, cancellationToken);
    }

    public ValueTask DisposeAsync() => store.DisposeAsync();
}

public sealed class HttpSink : IIngestSink
{
    private readonly HttpClient _http;

    public HttpSink(string baseUrl, string apiKey)
    {
        _http = new HttpClient { BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/"), Timeout = TimeSpan.FromMinutes(2) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
    }

    public async Task<IngestOutcome> SendAsync(ImportKind kind, IReadOnlyList<JsonElement> items, CancellationToken cancellationToken)
    {
        var (path, property) = kind switch
        {
            ImportKind.Customers => ("api/v1/identify", "customers"),
            ImportKind.Events => ("api/v1/events", "events"),
            ImportKind.Records => ("api/v1/records", "records"),
            _ => ("api/v1/feedback", "feedback"),
        };
        using var response = await _http.PostAsJsonAsync(path, new Dictionary<string, IReadOnlyList<JsonElement>> { [property] = items }, cancellationToken);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var root = body.RootElement;
        if (response.IsSuccessStatusCode)
        {
            return new IngestOutcome(root.GetProperty("accepted").GetInt32(), root.GetProperty("duplicates").GetInt32(), []);
        }

        if (root.TryGetProperty("errors", out var errors))
        {
            return IngestOutcome.Refused(errors.EnumerateArray()
                .Select(e => new ItemError(e.GetProperty("index").GetInt32(), e.GetProperty("field").GetString() ?? "", e.GetProperty("message").GetString() ?? ""))
                .ToList());
        }

        var detail = root.TryGetProperty("detail", out var d) ? d.GetString() : response.ReasonPhrase;
        throw new IOException($"the server answered {(int)response.StatusCode}: {detail}");
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}
