using System.Globalization;
using Cairn.Core.Text;
using Cairn.Storage;
using Cairn.Web.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cairn.Web.Text;

/// <summary>
/// The taxonomy editor's form posts (anti-forgery checked, admins only): save the themes,
/// reprocess stored texts, promote a discovered phrase to a theme. Each answers with a redirect
/// back to the editor carrying a notice, so a reload never posts twice.
/// </summary>
public static class ThemeFormEndpoints
{
    public const string EditorPath = "/feedback/themes";

    public static void MapThemeForms(this IEndpointRouteBuilder app)
    {
        app.MapPost(EditorPath, Save).RequireAuthorization(CairnClaims.AdminPolicy).ExcludeFromDescription();
        app.MapPost("/feedback/reprocess", Reprocess).RequireAuthorization(CairnClaims.AdminPolicy).ExcludeFromDescription();
        app.MapPost("/feedback/themes/promote", Promote).RequireAuthorization(CairnClaims.AdminPolicy).ExcludeFromDescription();
    }

    private static async Task<IResult> Save(HttpContext context, CairnStore store, IFormCollection form)
    {
        var themes = new List<ThemeDefinition>();
        var count = int.TryParse(form["count"], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? Math.Min(n, ThemeTaxonomy.MaxThemes) : 0;
        for (var i = 0; i < count; i++)
        {
            if (form[$"delete{i}"].Count == 0 && form[$"name{i}"].ToString() is var name && name.Length > 0)
            {
                themes.Add(new ThemeDefinition(name, Lines(form[$"phrases{i}"].ToString())));
            }
        }

        if (form["newName"].ToString() is { Length: > 0 } newName)
        {
            themes.Add(new ThemeDefinition(newName, Lines(form["newPhrases"].ToString())));
        }

        var problems = await store.SaveThemesAsync(context.User.WorkspaceId(), themes);
        return Back(problems.Count == 0 ? ("saved", "1") : ("error", string.Join("; ", problems)));
    }

    private static async Task<IResult> Reprocess(HttpContext context, CairnStore store, IFormCollection form, CancellationToken cancellationToken)
    {
        _ = form; // a form post, so anti-forgery applies
        var done = await store.ReprocessTextAsync(context.User.WorkspaceId(), null, cancellationToken);
        return Back(("reprocessed", done.ToString(CultureInfo.InvariantCulture)));
    }

    private static async Task<IResult> Promote(HttpContext context, CairnStore store, IFormCollection form)
    {
        var phrase = form["phrase"].ToString().Trim();
        var workspace = context.User.WorkspaceId();
        var themes = (await store.ThemesAsync(workspace)).Select(t => new ThemeDefinition(t.Name, t.Phrases)).ToList();
        var name = phrase.Length == 0 ? "" : char.ToUpperInvariant(phrase[0]) + phrase[1..];
        themes.Add(new ThemeDefinition(name, [phrase]));
        var problems = await store.SaveThemesAsync(workspace, themes);
        return Back(problems.Count == 0 ? ("promoted", name) : ("error", string.Join("; ", problems)));
    }

    private static List<string> Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    private static Microsoft.AspNetCore.Http.HttpResults.RedirectHttpResult Back((string Key, string Value) notice) =>
        TypedResults.Redirect($"{EditorPath}?{notice.Key}={Uri.EscapeDataString(notice.Value.Length > 1_000 ? notice.Value[..1_000] : notice.Value)}");
}
