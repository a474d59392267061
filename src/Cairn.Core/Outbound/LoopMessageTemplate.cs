using System.Text.RegularExpressions;
using Cairn.Core.Ingestion;

namespace Cairn.Core.Outbound;

/// <summary>
/// A "you said, we did" message: the subject and body an analyst writes once, made personal for
/// each customer who raised the issue. <c>{{name}}</c> becomes the customer's name (or "there"),
/// <c>{{you_said}}</c> their own words, quoted and cut to <see cref="QuoteLength"/> characters,
/// so the message shows the customer it was their feedback that counted. Any other placeholder
/// is refused when the template is written, not discovered in a customer's inbox.
/// </summary>
public static partial class LoopMessageTemplate
{
    public const int MaxSubject = 200;

    public const int MaxBody = 5_000;

    public const int QuoteLength = 200;

    public static readonly IReadOnlyList<string> Placeholders = ["name", "you_said"];

    /// <summary>Adds an error for each problem with the subject or body template.</summary>
    public static void Check(string? subject, string? body, List<ItemError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(subject) || subject.Length > MaxSubject || subject.Contains('\n', StringComparison.Ordinal))
        {
            errors.Add(new ItemError(0, "subject", $"one line of 1 to {MaxSubject} characters"));
        }

        if (string.IsNullOrWhiteSpace(body) || body.Length > MaxBody)
        {
            errors.Add(new ItemError(0, "body", $"a message of 1 to {MaxBody:N0} characters"));
        }

        foreach (var (field, text) in new[] { ("subject", subject), ("body", body) })
        {
            foreach (Match m in Placeholder().Matches(text ?? ""))
            {
                if (!Placeholders.Contains(m.Groups[1].Value))
                {
                    errors.Add(new ItemError(0, field, $"unknown placeholder {m.Value}: use {{{{name}}}} or {{{{you_said}}}}"));
                }
            }
        }
    }

    /// <summary>The text for one customer.</summary>
    public static string Render(string template, string? name, string? quote)
    {
        ArgumentNullException.ThrowIfNull(template);
        return Placeholder().Replace(template, m => m.Groups[1].Value switch
        {
            "name" => string.IsNullOrWhiteSpace(name) ? "there" : name.Trim(),
            "you_said" => Quote(quote),
            _ => m.Value,
        });
    }

    /// <summary>The customer's words in quotation marks, whitespace collapsed, cut at a word near <see cref="QuoteLength"/>.</summary>
    public static string Quote(string? text)
    {
        var words = Whitespace().Replace(text ?? "", " ").Trim();
        if (words.Length == 0)
        {
            return "your feedback";
        }

        if (words.Length > QuoteLength)
        {
            var cut = words.LastIndexOf(' ', QuoteLength);
            words = words[..(cut > QuoteLength / 2 ? cut : QuoteLength)].TrimEnd(',', ';', ':', '.', ' ') + "…";
        }

        return $"“{words}”";
    }

    [GeneratedRegex(@"\{\{\s*([a-z_]+)\s*\}\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
