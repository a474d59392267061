using System.Text.Json;
using Cairn.Core.Ingestion;

namespace Cairn.Core.Employees;

/// <summary>What a member of staff gives: a pulse score (0-10: "how well can you serve customers here?"), an idea, or a customer pain point they see.</summary>
public enum EmployeeFeedbackKind
{
    Pulse,
    Idea,
    PainPoint,
}

/// <summary>
/// One anonymous piece of employee feedback: the team (never the person), optionally the
/// touchpoint it concerns, a score for a pulse, words for an idea or pain point. <see cref="Id"/>
/// is the idempotency id.
/// </summary>
public sealed record EmployeeFeedback(string Id, string Team, EmployeeFeedbackKind Kind, string? Touchpoint, double? Score, string? Text)
{
    /// <summary>Groups smaller than this are withheld from every report, so nobody can be singled out.</summary>
    public const int DefaultMinGroup = 5;

    public const int MaxText = 5_000;

    public static string Name(EmployeeFeedbackKind kind) => kind == EmployeeFeedbackKind.PainPoint ? "pain_point" : kind.ToString().ToLowerInvariant();

    public static EmployeeFeedback? Read(JsonElement item, int index, List<ItemError> errors)
    {
        var fields = new FieldReader(item, index, errors);
        if (!fields.IsObject)
        {
            fields.Fail("", $"each item must be an object, not {FieldReader.Describe(item.ValueKind)}");
            return null;
        }

        var before = errors.Count;
        var id = fields.RequiredString("id");
        var team = fields.RequiredString("team", 100);
        var kindText = fields.RequiredString("kind", 20);
        EmployeeFeedbackKind? kind = kindText?.ToLowerInvariant() switch
        {
            null => null,
            "pulse" => EmployeeFeedbackKind.Pulse,
            "idea" => EmployeeFeedbackKind.Idea,
            "pain_point" or "painpoint" => EmployeeFeedbackKind.PainPoint,
            _ => null,
        };
        if (kindText is not null && kind is null)
        {
            fields.Fail("kind", "one of pulse, idea, pain_point");
        }

        var touchpoint = fields.OptionalString("touchpoint", 200);
        var score = fields.OptionalNumber("score", 0, 10);
        var text = fields.OptionalString("text", MaxText);
        if (kind == EmployeeFeedbackKind.Pulse && score is null && !fields.Has("score"))
        {
            fields.Fail("score", "is required for a pulse: 0 to 10");
        }

        if (kind is EmployeeFeedbackKind.Idea or EmployeeFeedbackKind.PainPoint && text is null && !fields.Has("text"))
        {
            fields.Fail("text", "is required for an idea or a pain point");
        }

        return errors.Count > before ? null : new EmployeeFeedback(id!, team!, kind!.Value, touchpoint, score, text);
    }
}
