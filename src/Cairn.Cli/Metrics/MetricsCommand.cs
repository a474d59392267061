using System.CommandLine;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cairn.Cli.Serve;
using Cairn.Core.Metrics;
using Cairn.Storage;
using Cairn.Web.Metrics;
using Spectre.Console;

namespace Cairn.Cli.Metrics;

/// <summary>
/// <c>cairn metrics nps --by segment --period month</c>: the same numbers as
/// <c>GET /api/v1/metrics/{metric}</c>, as a table. Reads the database directly, or asks the running
/// server when one holds the DuckDB file.
/// </summary>
public static class MetricsCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Command Create()
    {
        var metric = new Argument<string>("metric") { Description = "nps, csat, ces or churn" };
        var by = new Option<string?>("--by") { Description = $"Slice by: {MetricQuery.Names<Dimension>()}" };
        var period = new Option<string?>("--period") { Description = $"Time bucket: {MetricQuery.Names<Period>()}" };
        var from = new Option<string?>("--from") { Description = "First day (UTC), e.g. 2026-01-01" };
        var to = new Option<string?>("--to") { Description = "Day after the last (UTC, exclusive)" };
        var filter = new Option<string?>("--filter") { Description = "dimension:value pairs joined by commas, e.g. segment:business,channel:phone" };
        var level = new Option<string?>("--level") { Description = "Confidence level of intervals [default 0.95]" };
        var minN = new Option<string?>("--min-n") { Description = $"Fewest answers to state a value [default {MetricQuery.DefaultMinimumN}]" };
        var json = new Option<bool>("--json") { Description = "Print the API's JSON instead of a table" };
        var command = new Command("metrics", "Show NPS, CSAT, CES or churn with intervals, sliced and over time, against benchmarks.")
        {
            metric, by, period, from, to, filter, level, minN, json, Settings.Db,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var errors = new List<Cairn.Core.Ingestion.ItemError>();
            var query = MetricQuery.Parse(parse.GetValue(metric)!, parse.GetValue(by), parse.GetValue(period), parse.GetValue(from), parse.GetValue(to),
                parse.GetValue(filter), parse.GetValue(level), parse.GetValue(minN), errors);
            if (query is null)
            {
                throw new UsageException(string.Join("; ", errors.Select(e => $"--{(e.Field == "minN" ? "min-n" : e.Field)}: {e.Message}")));
            }

            // The raw options go to the server as they were typed, so it parses them exactly as this did.
            (string, string?)[] raw = [("by", parse.GetValue(by)), ("period", parse.GetValue(period)), ("from", parse.GetValue(from)), ("to", parse.GetValue(to)),
                ("filter", parse.GetValue(filter)), ("level", parse.GetValue(level)), ("minN", parse.GetValue(minN))];
            var response = await FetchAsync(Settings.Storage(parse), query, raw, cancellationToken);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(response, Json));
            }
            else
            {
                Print(response);
            }

            return 0;
        });
        return command;
    }

    private static async Task<MetricResponse> FetchAsync(StorageLocation location, MetricQuery query, (string Name, string? Value)[] raw, CancellationToken cancellationToken)
    {
        if (ServerInfo.Find(location) is { } server)
        {
            using var http = new HttpClient { BaseAddress = new Uri(server.Url) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Key);
            var parameters = raw.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}");

            var url = $"api/v1/metrics/{Uri.EscapeDataString(query.Metric.Key)}?{string.Join('&', parameters)}";
            using var answer = await http.GetAsync(url, cancellationToken);
            if (!answer.IsSuccessStatusCode)
            {
                var problem = await answer.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
                throw new UsageException(problem.TryGetProperty("detail", out var detail) ? detail.GetString()! : $"the server answered {(int)answer.StatusCode}");
            }

            return (await answer.Content.ReadFromJsonAsync<MetricResponse>(Json, cancellationToken))!;
        }

        await using var store = CairnStore.Open(location);
        var workspace = (await store.ListWorkspacesAsync()) is [var first, ..] ? first : throw new UsageException($"{location} has no workspace yet; run `cairn demo` or import data first");
        return await MetricService.GetAsync(store, workspace.Id, query, TimeProvider.System.GetUtcNow().UtcDateTime);
    }

    private static void Print(MetricResponse r)
    {
        var console = AnsiConsole.Console;
        console.MarkupLine($"[bold]{Markup.Escape(r.Title)}[/]: {Markup.Escape(Value(r.Value, r.Low, r.High, r.N, r.TooFew, r.Unit))}  ({r.Level * 100:0.#}% interval)");
        if (r.From is { } from && r.To is { } to && r.Metric == ChurnMetric.Instance.Key)
        {
            console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"  customers at {from:yyyy-MM-dd}, lost before {to:yyyy-MM-dd}")));
        }

        if (r.Breakdown is { Count: > 0 } parts)
        {
            console.MarkupLine(Markup.Escape("  " + string.Join(" · ", parts.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value:0.0}%")))));
        }

        foreach (var b in r.Benchmarks)
        {
            var gap = b.Gap is { } g ? $"{g:+0.0;-0.0}" : "n/a";
            console.MarkupLine($"  vs {Markup.Escape(b.Label)} ({Markup.Escape(b.Value?.ToString("0.#", CultureInfo.InvariantCulture) ?? $"{b.Low}-{b.High}")}): gap {gap}");
        }

        if (r.Slices.Count == 0)
        {
            return;
        }

        var table = new Table().AddColumn("slice").AddColumn(new TableColumn("value").RightAligned()).AddColumn(new TableColumn("95% interval").RightAligned())
            .AddColumn(new TableColumn("n").RightAligned()).AddColumn("change from previous period");
        table.Columns[2].Header = new Spectre.Console.Text($"{r.Level * 100:0.#}% interval");
        foreach (var s in r.Slices)
        {
            table.AddRow(
                Markup.Escape(s.Key),
                s.TooFew ? "[grey]too few responses[/]" : Number(s.Value, r.Unit),
                s.TooFew ? "" : $"{Number(s.Low, r.Unit)} to {Number(s.High, r.Unit)}",
                s.N.ToString("N0", CultureInfo.InvariantCulture),
                s.Change is { } c ? (c.Significant ? $"[bold]{Markup.Escape(c.Verdict)}[/]" : Markup.Escape(c.Verdict)) : "");
        }

        console.Write(table);
    }

    private static string Value(double? value, double? low, double? high, long n, bool tooFew, string unit) =>
        tooFew ? $"too few responses (n = {n:N0})" : $"{Number(value, unit)}{(unit == "%" ? "%" : "")} [{Number(low, unit)} to {Number(high, unit)}], n = {n:N0}";

    /// <summary>Means on a short scale (CES, sentiment: no unit) get two decimals, as on the metrics page; points and percentages one.</summary>
    private static string Number(double? value, string unit) => value?.ToString(unit == "" ? "0.00" : "0.0", CultureInfo.InvariantCulture) ?? "";
}
