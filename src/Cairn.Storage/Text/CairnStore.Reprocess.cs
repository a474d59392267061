using Cairn.Core.Text;
using Dapper;

namespace Cairn.Storage;

public sealed partial class CairnStore
{
    /// <summary>Texts analysed and rewritten per transaction: big enough to amortise a commit, small enough to report progress often.</summary>
    private const int ReprocessChunk = 5_000;

    private static readonly string[] ReprocessColumns = ["id", "language", "sentiment_score", "sentiment_label", "emotions", "sentiment_mixed"];

    /// <summary>
    /// Re-reads every feedback text of the workspace with its current taxonomy and model and
    /// rewrites the stored language, sentiment, emotions and themes, a chunk per transaction
    /// (an interrupted run leaves each item either old or new, never half-done; running it
    /// again finishes the job). Reports (done, total) after each chunk; returns the count.
    /// </summary>
    public async Task<long> ReprocessTextAsync(long workspaceId, IProgress<(long Done, long Total)>? progress = null, CancellationToken cancellationToken = default)
    {
        var text = await TextFor(workspaceId);
        using var reader = Connect();
        var total = await reader.ExecuteScalarAsync<long>(Dialect.Sql("SELECT count(*) FROM feedback WHERE workspace_id = @workspaceId AND text IS NOT NULL"), new { workspaceId });
        progress?.Report((0, total));
        using var writer = Connect();
        Dialect.CreateStagingTable(writer, "stage_text", "id TEXT, language TEXT, sentiment_score DOUBLE PRECISION, sentiment_label TEXT, emotions TEXT, sentiment_mixed BOOLEAN");

        long done = 0;
        var ids = new List<string>(ReprocessChunk);
        var texts = new List<string?>(ReprocessChunk);
        var rows = await reader.QueryAsync<(string Id, string? Text)>(
            new CommandDefinition(Dialect.Sql("SELECT id, text FROM feedback WHERE workspace_id = @workspaceId AND text IS NOT NULL"), new { workspaceId }, flags: CommandFlags.None, cancellationToken: cancellationToken));
        foreach (var (id, body) in rows)
        {
            ids.Add(id);
            texts.Add(body);
            if (ids.Count == ReprocessChunk)
            {
                done += RewriteChunk(writer, workspaceId, text, ids, texts);
                progress?.Report((done, total));
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        if (ids.Count > 0)
        {
            done += RewriteChunk(writer, workspaceId, text, ids, texts);
            progress?.Report((done, total));
        }

        return done;
    }

    private int RewriteChunk(System.Data.Common.DbConnection connection, long workspaceId, WorkspaceText text, List<string> ids, List<string?> texts)
    {
        var analyses = text.Analyse(texts);
        using var transaction = connection.BeginTransaction();
        Dialect.ClearStaging(connection, transaction, "stage_text");
        Dialect.BulkLoad(connection, "stage_text", ReprocessColumns, rows =>
        {
            for (var i = 0; i < ids.Count; i++)
            {
                var a = analyses.Items[i];
                rows.Text(ids[i]).Text(a?.Language).Real(a?.Sentiment?.Score).Text(a?.SentimentLabel).Text(FeedbackAnalyses.EmotionList(a)).Flag(a?.Sentiment?.Mixed ?? false).EndRow();
            }
        });
        connection.Execute(Dialect.Sql("""
            UPDATE feedback SET language = s.language, sentiment_score = s.sentiment_score, sentiment_label = s.sentiment_label,
                                emotions = s.emotions, sentiment_mixed = s.sentiment_mixed
            FROM stage_text s
            WHERE feedback.workspace_id = @workspaceId AND feedback.id = s.id
            """), new { workspaceId }, transaction);
        connection.Execute(Dialect.Sql("DELETE FROM feedback_themes WHERE workspace_id = @workspaceId AND feedback_id IN (SELECT id FROM stage_text)"), new { workspaceId }, transaction);
        if (analyses.Items.Any(a => a is { Themes.Count: > 0 }))
        {
            Dialect.BulkAppend(connection, "feedback_themes", FeedbackThemeRows.Columns, rows =>
            {
                for (var i = 0; i < ids.Count; i++)
                {
                    if (analyses.Items[i] is { Themes.Count: > 0 } a)
                    {
                        FeedbackThemeRows.Write(rows, workspaceId, ids[i], a, analyses.ThemeIds);
                    }
                }
            });
        }

        transaction.Commit();
        var count = ids.Count;
        ids.Clear();
        texts.Clear();
        return count;
    }

    /// <summary>Analyses texts with the workspace's taxonomy without storing anything (the analyze endpoint).</summary>
    public async Task<IReadOnlyList<TextAnalysis>> AnalyzeAsync(long workspaceId, IReadOnlyList<string?> texts)
    {
        var analyses = (await TextFor(workspaceId)).Analyse(texts);
        return analyses.Items.Select(a => a ?? TextAnalyzer.Default.Analyze("")).ToList();
    }
}
