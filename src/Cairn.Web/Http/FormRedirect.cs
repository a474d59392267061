using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cairn.Web.Http;

/// <summary>
/// A settings form runs the same handler as its API call; this turns that answer into the page
/// again, with <c>?error=</c> (the problem's detail) or <c>?{doneKey}={doneValue}</c>.
/// </summary>
public static class FormRedirect
{
    public static RedirectHttpResult Back(string page, IResult apiResult, string doneKey, string doneValue) =>
        apiResult is ProblemHttpResult problem
            ? TypedResults.LocalRedirect($"{page}?error={Uri.EscapeDataString(problem.ProblemDetails.Detail ?? problem.ProblemDetails.Title ?? "refused")}")
            : TypedResults.LocalRedirect($"{page}?{doneKey}={Uri.EscapeDataString(doneValue)}");
}
