using Cairn.Core.Ingestion;
using Cairn.Storage;

namespace Cairn.Web.Insights;

/// <summary>Feedback quoted as evidence (an insight's, an opportunity's): ids trimmed and de-duplicated, at most 20, all of this workspace.</summary>
public static class QuotedFeedback
{
    public const int Max = 20;

    public static async Task<List<string>> CheckAsync(CairnStore store, long workspaceId, IReadOnlyList<string>? ids, List<ItemError> errors)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(errors);
        var quoted = ids?.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()).Distinct(StringComparer.Ordinal).ToList() ?? [];
        if (quoted.Count > Max)
        {
            errors.Add(new ItemError(0, "verbatims", $"at most {Max} quoted feedback items"));
        }
        else if (await store.UnknownFeedbackAsync(workspaceId, quoted) is { Count: > 0 } unknown)
        {
            errors.Add(new ItemError(0, "verbatims", $"no feedback {string.Join(", ", unknown.Take(5))} in this workspace"));
        }

        return quoted;
    }
}
