using System.Data.Common;
using Cairn.Storage.Ingestion;

namespace Cairn.Storage;

/// <summary>Writes the themes found in newly stored feedback, in the same transaction as the feedback.</summary>
internal static class FeedbackThemeRows
{
    /// <summary>Every column of <c>feedback_themes</c>, in declared order (the appender writes whole rows).</summary>
    public static readonly string[] Columns = ["workspace_id", "feedback_id", "theme_id", "evidence", "sentiment", "evidence_start", "evidence_length"];

    /// <summary>Evidence longer than this is cut: it is a highlight, not a copy of the text.</summary>
    public const int MaxEvidence = 200;

    public static void Append(SqlDialect dialect, DbConnection connection, IReadOnlyList<IngestWriter.PendingWrite> group, GroupIds ids)
    {
        var any = false;
        for (var op = 0; op < group.Count && !any; op++)
        {
            any = group[op].Analyses?.Items.Any(a => a is { Themes.Count: > 0 }) == true;
        }

        if (!any)
        {
            return;
        }

        dialect.BulkAppend(connection, "feedback_themes", Columns, rows =>
        {
            for (var op = 0; op < group.Count; op++)
            {
                var pending = group[op];
                if (pending.Analyses is not { } analyses)
                {
                    continue;
                }

                for (var idx = 0; idx < analyses.Items.Length; idx++)
                {
                    if (analyses.Items[idx] is not { Themes.Count: > 0 } text || !ids.IsNew(op, idx))
                    {
                        continue;
                    }

                    Write(rows, pending.WorkspaceId, pending.Batch.Feedback[idx].Id, text, analyses.ThemeIds);
                }
            }
        });
    }

    public static void Write(IRowWriter rows, long workspaceId, string feedbackId, Core.Text.TextAnalysis text, long[] themeIds)
    {
        foreach (var theme in text.Themes)
        {
            var evidence = theme.Evidence.Length <= MaxEvidence ? theme.Evidence : theme.Evidence[..MaxEvidence];
            rows.BigInt(workspaceId).Text(feedbackId).BigInt(themeIds[theme.Index]).Text(evidence).Real(theme.Sentiment)
                .Whole(theme.Start).Whole(theme.Length).EndRow();
        }
    }
}
