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

    /// <summary>400 for bad query or body parameters, each named: errors[{parameter, message}].</summary>
    public static IResult BadParameters(string title, IReadOnlyList<ItemError> errors) =>
        Create(StatusCodes.Status400BadRequest, title, string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")),
            new Dictionary<string, object?> { ["errors"] = errors.Select(e => new { parameter = e.Field, message = e.Message }).ToList() });

    /// <summary>400 for a definition or setting refused as a whole, each problem in words: errors[{message}].</summary>
    public static IResult BadDefinition(string title, IReadOnlyList<string> problems) =>
        Create(StatusCodes.Status400BadRequest, title, string.Join("; ", problems),
            new Dictionary<string, object?> { ["errors"] = problems.Select(p => new { message = p }).ToList() });

    /// <summary>422 for a well-formed request the rules refuse, each field named: errors[{field, message}].</summary>
    public static IResult Unprocessable(string title, IReadOnlyList<ItemError> errors) =>
        Create(StatusCodes.Status422UnprocessableEntity, title, string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")),
            new Dictionary<string, object?> { ["errors"] = errors.Select(e => new { field = e.Field, message = e.Message }).ToList() });

    public static IResult SurveyNotFound(long id) => Create(StatusCodes.Status404NotFound, "Survey not found", $"no survey {id} in this workspace");
}
