namespace Cairn.Core.Surveys;

/// <summary>A respondent's answer to one question: a number (scores), choices, or text.</summary>
public sealed record AnswerValue(double? Number, IReadOnlyList<string>? Choices, string? Text)
{
    public static AnswerValue Of(double number) => new(number, null, null);

    public static AnswerValue Of(string text) => new(null, null, text);

    public static AnswerValue OfChoices(IReadOnlyList<string> choices) => new(null, choices, null);

    public bool IsEmpty => Number is null && (Choices is null || Choices.Count == 0) && string.IsNullOrEmpty(Text);
}
