using Cairn.Cli.Demo;
using Cairn.Core.Customers;
using Cairn.Core.Feedback;
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

    /// <summary>
    /// A workspace for key-driver analysis: NPS answers whose scores depend on the theme a customer
    /// had trouble with (four in ten have one), and a comment on every fourth answer that names it
    /// (or praises something) through the real text pipeline, so themes and sentiment are found,
    /// not written in. Returns the workspace.
    /// </summary>
    public static async Task<long> FillDriversAsync(CairnStore store, int customers, int responses)
    {
        var workspace = (await store.EnsureWorkspaceAsync("drivers bench", Industry.Telecommunications)).Id;
        for (var first = 0; first < customers; first += 10_000)
        {
            await store.IngestAsync(workspace, IngestBatch.OfCustomers(
                Enumerable.Range(first, Math.Min(10_000, customers - first)).Select(i => CustomerProfile.Minimal($"d{i}")).ToList()));
        }

        var random = new Random(7);
        var trouble = Enumerable.Range(0, customers).Select(_ => random.NextDouble() < 0.4 ? PhraseBank.Themes[random.Next(PhraseBank.Themes.Length)] : null).ToArray();
        var survey = store.CreateSurvey(workspace, "Relationship NPS", SurveyKind.Nps, null, """{"pages":[]}""");
        const int chunk = 100_000;
        for (var first = 0; first < responses; first += chunk)
        {
            var answers = new List<SurveyResponse>(chunk);
            var comments = new List<FeedbackItem>(chunk / 4);
            for (var i = first; i < Math.Min(responses, first + chunk); i++)
            {
                var customer = i % customers;
                var at = Start.AddMinutes(random.Next(730 * 24 * 60));
                // Troubles weigh differently: outages and billing cost more points than delivery.
                var drag = trouble[customer] is { } t ? 1.5 + Array.IndexOf(PhraseBank.Themes, t) % 4 : 0;
                var score = Math.Clamp((int)Math.Round(8.6 - drag + (random.NextDouble() * 3 - 1.5)), 0, 10);
                answers.Add(new SurveyResponse($"r{i}", survey, 1, $"d{customer}", true, null, null, "email", "en", at, at, [new Answer("nps", score, null)]));
                if (i % 4 == 0)
                {
                    var tone = (score - 6.5) / 3.5;
                    comments.Add(new FeedbackItem($"f{i}", FeedbackSource.SurveyComment, $"d{customer}", null, score, 10, null,
                        PhraseBank.Comment(random, tone, tone < 0 ? trouble[customer] : null), at, "email", null) { ResponseId = $"r{i}" });
                }
            }

            store.ImportResponses(workspace, answers);
            for (var c = 0; c < comments.Count; c += 10_000)
            {
                await store.IngestAsync(workspace, IngestBatch.OfFeedback(comments.Skip(c).Take(10_000).ToList()));
            }
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
