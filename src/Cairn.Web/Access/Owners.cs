using Cairn.Core.Ingestion;
using Cairn.Storage;

namespace Cairn.Web.Access;

/// <summary>Owners of cases, gaps and initiatives are people of the workspace, named by email.</summary>
public static class Owners
{
    /// <summary>
    /// An owner must be a person of the workspace (by email); empty means none. Returns the owner as
    /// stored, adding an error when nobody has that email.
    /// </summary>
    public static async Task<string?> CheckAsync(CairnStore store, long workspaceId, string? owner, List<ItemError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (owner?.Trim() is not { Length: > 0 } email)
        {
            return null;
        }

        var members = await store.MemberEmailsAsync(workspaceId);
        var found = members.FirstOrDefault(m => string.Equals(m, email, StringComparison.OrdinalIgnoreCase));
        if (found is null)
        {
            errors.Add(new ItemError(0, "owner", $"nobody with the email '{email}' works in this workspace"));
        }

        return found;
    }
}
