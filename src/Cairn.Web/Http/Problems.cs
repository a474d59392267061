using Cairn.Core.Ingestion;
using Microsoft.AspNetCore.Http;

namespace Cairn.Web.Http;

/// <summary>RFC 9457 problem details for the outcomes endpoints expect.</summary>
public static class Problems
{
    public static IResult Create(int status, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);

    public static IResult TooLarge(string detail) => Create(StatusCodes.Status413PayloadTooLarge, "Payload too large", detail);

    /// <summary>422 naming every refused item and field; nothing of the request was stored.</summary>
    public static IResult InvalidItems(IReadOnlyList<ItemError> errors, string what) =>
        Create(
            StatusCodes.Status422UnprocessableEntity,
            "Invalid items",
            $"{errors.Select(e => e.Index).Distinct().Count()} {what} refused; nothing of this request was stored. First: {errors[0]}",
            new Dictionary<string, object?>
            {
                ["errors"] = errors.Select(e => new ItemErrorBody(e.Index, e.Field, e.Message)).ToList(),
            });

    public sealed record ItemErrorBody(int Index, string Field, string Message);
}
