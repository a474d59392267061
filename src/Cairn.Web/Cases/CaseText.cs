using System.Globalization;
using Cairn.Storage;

namespace Cairn.Web.Cases;

/// <summary>How the case pages say times and scores in words.</summary>
public static class CaseText
{
    /// <summary>"3 h", "2 d", "45 min".</summary>
    public static string Span(TimeSpan span)
    {
        var s = span.Duration();
        return s.TotalMinutes < 90 ? $"{Math.Max(1, (int)s.TotalMinutes)} min"
            : s.TotalHours < 48 ? $"{(int)s.TotalHours} h"
            : $"{(int)s.TotalDays} d";
    }

    /// <summary>The SLA in words: "due in 5 h", "overdue by 2 d", or "met" / "missed" once resolved.</summary>
    public static (string Text, bool Late) Sla(CaseRow row, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.SlaDueAt is not { } due)
        {
            return ("no SLA", false);
        }

        if (row.ClosedAt is { } closed)
        {
            return closed <= due ? ("met", false) : ($"missed by {Span(closed - due)}", true);
        }

        return now <= due ? ($"due in {Span(due - now)}", false) : ($"overdue by {Span(now - due)}", true);
    }

    /// <summary>"NPS 3", "CES 6", "rating 1".</summary>
    public static string Score(CaseRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.Score is not { } score)
        {
            return "";
        }

        var what = row.QuestionId?.ToUpperInvariant() ?? "rating";
        return $"{what} {score.ToString("0.#", CultureInfo.InvariantCulture)}";
    }

    /// <summary>A UTC time as the pages show it.</summary>
    public static string When(DateTime at) => DateTime.SpecifyKind(at, DateTimeKind.Utc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";
}
