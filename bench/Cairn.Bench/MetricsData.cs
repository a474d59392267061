using Cairn.Core.Customers;
using Cairn.Core.Ingestion;
using Cairn.Core.Metrics;
using Cairn.Core.Surveys;
using Cairn.Core.Workspaces;
using Cairn.Storage;
using Dapper;

namespace Cairn.Bench;

/// <summary>A large, deterministic store of NPS answers for the metrics benchmark.</summary>
internal static class MetricsData
{
    private static readonly string[] Segments = ["consumer", "small_business", "enterprise", "public_sector"];
    private static readonly DateTime Start = new(2024, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    public static async Task<long> FillAsync(CairnStore store, int customers, int responses)
    {
        var workspace = (await store.EnsureWorkspaceAsync("metrics bench", Industry.Telecommunications)).Id;
        for (var first = 0; first < customers; first += 10_000)
        {
            var batch = Enumerable.Range(first, Math.Min(10_000, customers - first))
                .Select(i => CustomerProfile.Minimal($"c{i}") with { Segment = Segments[i % Segments.Length] }).ToList();
            await store.IngestAsync(workspace, IngestBatch.OfCustomers(batch));
        }

        var survey = store.CreateSurvey(workspace, "Relationship NPS", SurveyKind.Nps, null, """{"pages":[]}""");
        var random = new Random(42);
        const int chunk = 250_000;
        for (var first = 0; first < responses; first += chunk)
        {
            var list = new List<SurveyResponse>(chunk);
            for (var i = first; i < Math.Min(responses, first + chunk); i++)
            {
                var at = Start.AddMinutes(random.Next(730 * 24 * 60));
                var score = Math.Clamp((int)Math.Round(7.5 + random.NextDouble() * 4 - 2 + (i % Segments.Length == 2 ? 0.8 : 0)), 0, 10);
                list.Add(new SurveyResponse($"r{i}", survey, 1, $"c{i % customers}", true, null, null, "email", "en", at, at, [new Answer("nps", score, null)]));
            }

            store.ImportResponses(workspace, list);
        }

        return workspace;
    }

    /// <summary>The naive way: bring every answer over and group in memory. Returns the number of slices.</summary>
    public static async Task<int> NaiveNpsBySegmentMonthAsync(CairnStore store, long workspace)
    {
        using var connection = store.Dialect.OpenConnection();
        var rows = await connection.QueryAsync<(double Score, DateTime At, string? Segment)>(store.Dialect.Sql("""
            SELECT a.value_number, a.answered_at, c.segment FROM answers a
            LEFT JOIN customers c ON c.workspace_id = a.workspace_id AND c.external_id = a.customer_id
            WHERE a.workspace_id = @workspace AND a.question_id = 'nps'
            """), new { workspace });
        var slices = rows
            .GroupBy(r => (r.Segment, r.At.Year, r.At.Month))
            .Select(g => ScoreMetric.Nps.Estimate(ScoreTally.Of(g.Select(r => r.Score), ScoreMetric.Nps)))
            .ToList();
        return slices.Count;
    }
}
