using System.Collections.Concurrent;
using System.Text.Json;
using Cairn.Core.Text;
using Dapper;

namespace Cairn.Storage;

/// <summary>A theme of a workspace's taxonomy as stored: its id, name and phrases.</summary>
public sealed record StoredTheme(long Id, string Name, IReadOnlyList<string> Phrases);

public sealed partial class CairnStore
{
    private readonly ConcurrentDictionary<long, Task<WorkspaceText>> _text = new();

    /// <summary>The workspace's themes; a workspace without any starts with Cairn's default CX taxonomy.</summary>
    public async Task<IReadOnlyList<StoredTheme>> ThemesAsync(long workspaceId) => (await TextFor(workspaceId)).Themes;

    /// <summary>
    /// Replaces the taxonomy: themes keep their id when their name is kept (case-insensitive),
    /// new names get new ids, dropped themes go with their matches. Stored matches of kept
    /// themes stay until <c>cairn reprocess</c> re-reads every text. Returns the problems that
    /// stopped it, if any (nothing is changed then).
    /// </summary>
    public async Task<IReadOnlyList<string>> SaveThemesAsync(long workspaceId, IReadOnlyList<ThemeDefinition> themes)
    {
        var problems = ThemeTaxonomy.Validate(themes);
        if (problems.Count > 0)
        {
            return problems;
        }

        var existing = (await TextFor(workspaceId)).Themes.ToDictionary(t => t.Name, StringComparer.OrdinalIgnoreCase);
        var now = Time.GetUtcNow().UtcDateTime;
        using (var connection = Connect())
        using (var transaction = connection.BeginTransaction())
        {
            var kept = new HashSet<long>();
            foreach (var theme in themes)
            {
                var rules = JsonSerializer.Serialize(new { phrases = theme.Phrases });
                if (existing.TryGetValue(theme.Name.Trim(), out var old))
                {
                    kept.Add(old.Id);
                    await connection.ExecuteAsync(Dialect.Sql("UPDATE themes SET name = @name, rules = CAST(@rules AS {{json}}) WHERE workspace_id = @workspaceId AND id = @id"),
                        new { name = theme.Name.Trim(), rules, workspaceId, id = old.Id }, transaction);
                }
                else
                {
                    await connection.ExecuteAsync(Dialect.Sql("INSERT INTO themes (workspace_id, name, rules, created_at) VALUES (@workspaceId, @name, CAST(@rules AS {{json}}), @now)"),
                        new { workspaceId, name = theme.Name.Trim(), rules, now }, transaction);
                }
            }

            foreach (var dropped in existing.Values.Where(t => !kept.Contains(t.Id)))
            {
                await connection.ExecuteAsync(Dialect.Sql("DELETE FROM feedback_themes WHERE workspace_id = @workspaceId AND theme_id = @id"), new { workspaceId, id = dropped.Id }, transaction);
                await connection.ExecuteAsync(Dialect.Sql("DELETE FROM themes WHERE workspace_id = @workspaceId AND id = @id"), new { workspaceId, id = dropped.Id }, transaction);
            }

            transaction.Commit();
        }

        _text.TryRemove(workspaceId, out _);
        return [];
    }

    /// <summary>The workspace's compiled taxonomy and analyzer, loaded once and kept until the taxonomy changes.</summary>
    internal Task<WorkspaceText> TextFor(long workspaceId)
    {
        var task = _text.GetOrAdd(workspaceId, id => Task.Run(() => LoadText(id)));
        if (task.IsFaulted)
        {
            _text.TryRemove(new KeyValuePair<long, Task<WorkspaceText>>(workspaceId, task));
        }

        return task;
    }

    private async Task<WorkspaceText> LoadText(long workspaceId)
    {
        var themes = await ReadThemes(workspaceId);
        if (themes.Count == 0)
        {
            await SeedDefaultThemes(workspaceId);
            themes = await ReadThemes(workspaceId);
        }

        return new WorkspaceText(themes);
    }

    private async Task<List<StoredTheme>> ReadThemes(long workspaceId)
    {
        using var connection = Connect();
        var rows = await connection.QueryAsync<(long Id, string Name, string Rules)>(
            Dialect.Sql("SELECT id, name, CAST(rules AS TEXT) FROM themes WHERE workspace_id = @workspaceId ORDER BY id"), new { workspaceId });
        return rows.Select(r => new StoredTheme(r.Id, r.Name, ReadPhrases(r.Rules))).ToList();
    }

    private static List<string> ReadPhrases(string? rules)
    {
        if (string.IsNullOrEmpty(rules))
        {
            return [];
        }

        using var document = JsonDocument.Parse(rules);
        return document.RootElement.TryGetProperty("phrases", out var phrases) && phrases.ValueKind == JsonValueKind.Array
            ? phrases.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.String).Select(p => p.GetString()!).ToList()
            : [];
    }

    private async Task SeedDefaultThemes(long workspaceId)
    {
        var now = Time.GetUtcNow().UtcDateTime;
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        // Two first uses at once must not seed twice: the check runs inside the seeding transaction.
        if (await connection.ExecuteScalarAsync<long>(Dialect.Sql("SELECT count(*) FROM themes WHERE workspace_id = @workspaceId"), new { workspaceId }, transaction) == 0)
        {
            foreach (var theme in DefaultThemes.All)
            {
                await connection.ExecuteAsync(Dialect.Sql("INSERT INTO themes (workspace_id, name, rules, created_at) VALUES (@workspaceId, @name, CAST(@rules AS {{json}}), @now)"),
                    new { workspaceId, name = theme.Name, rules = JsonSerializer.Serialize(new { phrases = theme.Phrases }), now }, transaction);
            }
        }

        transaction.Commit();
    }
}

/// <summary>A workspace's themes, compiled, with the analyzer that uses them and each theme's id by taxonomy position.</summary>
internal sealed class WorkspaceText
{
    public WorkspaceText(IReadOnlyList<StoredTheme> themes)
    {
        Themes = themes;
        ThemeIds = [.. themes.Select(t => t.Id)];
        Analyzer = new TextAnalyzer(ThemeTaxonomy.Compile([.. themes.Select(t => new ThemeDefinition(t.Name, t.Phrases))]));
    }

    public IReadOnlyList<StoredTheme> Themes { get; }

    public long[] ThemeIds { get; }

    public TextAnalyzer Analyzer { get; }

    /// <summary>Analyses each item's text; big batches use every core.</summary>
    public FeedbackAnalyses Analyse(IReadOnlyList<string?> texts)
    {
        var results = new TextAnalysis?[texts.Count];
        if (texts.Count < 2_000)
        {
            for (var i = 0; i < texts.Count; i++)
            {
                results[i] = string.IsNullOrWhiteSpace(texts[i]) ? null : Analyzer.Analyze(texts[i]);
            }
        }
        else
        {
            Parallel.For(0, texts.Count, i => results[i] = string.IsNullOrWhiteSpace(texts[i]) ? null : Analyzer.Analyze(texts[i]));
        }

        return new FeedbackAnalyses(results, ThemeIds);
    }
}

/// <summary>The analysis of each feedback item of a batch (null where it has no text) and the theme ids they refer to.</summary>
internal sealed record FeedbackAnalyses(TextAnalysis?[] Items, long[] ThemeIds)
{
    public static string? EmotionList(TextAnalysis? analysis) =>
        analysis is null || analysis.Emotions.Count == 0 ? null : string.Join(',', analysis.Emotions.Select(e => e.Name));
}
