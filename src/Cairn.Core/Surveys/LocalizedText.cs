namespace Cairn.Core.Surveys;

/// <summary>
/// A text in several languages. A respondent's locale falls back to its language ("de-AT" → "de"),
/// then to the survey's default, then to any text there is, so nobody sees an empty question.
/// </summary>
public sealed class LocalizedText
{
    public const string Default = "default";

    public LocalizedText(IReadOnlyDictionary<string, string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        Texts = new Dictionary<string, string>(texts, StringComparer.OrdinalIgnoreCase);
    }

    public LocalizedText(string text)
        : this(new Dictionary<string, string> { [Default] = text })
    {
    }

    public IReadOnlyDictionary<string, string> Texts { get; }

    public string For(string? locale)
    {
        if (!string.IsNullOrWhiteSpace(locale))
        {
            if (Texts.TryGetValue(locale, out var exact))
            {
                return exact;
            }

            var dash = locale.IndexOfAny(['-', '_']);
            if (dash > 0 && Texts.TryGetValue(locale[..dash], out var language))
            {
                return language;
            }
        }

        return Texts.TryGetValue(Default, out var fallback) ? fallback : Texts.Values.FirstOrDefault() ?? "";
    }
}
