using System.Globalization;
using Cairn.Core.Ingestion;

namespace Cairn.Core.Surveys;

/// <summary>One row of a response export, read and checked against the survey's definition.</summary>
public sealed record ImportedResponse(long Line, string Id, string? CustomerId, DateTime StartedAt, DateTime CompletedAt, bool Complete, IReadOnlyDictionary<string, AnswerValue> Answers);

/// <summary>
/// Reads survey responses exported by other tools, mapped onto a Cairn survey. Two layouts:
/// <b>Qualtrics</b> (three header rows: column ids, question texts, import ids as JSON;
/// <c>ResponseId</c>, <c>StartDate</c>, <c>RecordedDate</c>/<c>EndDate</c>, <c>Finished</c>,
/// <c>ExternalReference</c> as the customer) and <b>generic</b> (one header row: <c>id</c>,
/// optional <c>customer_id</c>, <c>started_at</c>, <c>completed_at</c>, <c>complete</c>). A
/// question column is matched by an explicit map (<c>Q1=nps</c>), else by the question's id, else
/// (Qualtrics) by its text; other columns are left out and named. Scores must be whole numbers in
/// range, choices one of the list (by value or text), and every row passes the same checks as a
/// respondent's submission, so a bad row is refused with its line and field and the rest go in.
/// Dates without an offset (Qualtrics writes the account's local time) are read as UTC.
/// </summary>
public static class ResponseTable
{
    /// <summary>How the columns map: where the id, customer, times and flag are, and which column answers which question.</summary>
    public sealed record Layout(bool Qualtrics, int Id, int Customer, int Started, int Completed, int Finished, IReadOnlyDictionary<int, Question> Questions, IReadOnlyList<string> Ignored)
    {
        public int HeaderRows => Qualtrics ? 3 : 1;
    }

    /// <summary>Whether the first rows are a Qualtrics export's header (its third row holds ImportId JSON).</summary>
    public static bool IsQualtrics(IReadOnlyList<string[]> firstRows)
    {
        ArgumentNullException.ThrowIfNull(firstRows);
        return firstRows.Count >= 3 && firstRows[2].Any(c => c.TrimStart().StartsWith("{\"ImportId\"", StringComparison.Ordinal));
    }

    /// <summary>The layout, or null with problems when the header cannot be used.</summary>
    public static Layout? Plan(IReadOnlyList<string[]> firstRows, SurveyDefinition definition, IReadOnlyDictionary<string, string> map, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(firstRows);
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(problems);
        if (firstRows.Count == 0)
        {
            problems.Add("the file is empty");
            return null;
        }

        var qualtrics = IsQualtrics(firstRows);
        var header = firstRows[0].Select(h => h.Trim()).ToArray();
        var texts = qualtrics ? firstRows[1] : [];
        int Find(params string[] names) => Array.FindIndex(header, h => names.Any(n => string.Equals(h, n, StringComparison.OrdinalIgnoreCase)));
        var id = qualtrics ? Find("ResponseId", "ResponseID") : Find("id", "response_id", "responseId");
        if (id < 0)
        {
            problems.Add(qualtrics ? "a Qualtrics export needs its ResponseId column" : $"the header needs an id column (response_id); it has: {string.Join(", ", header)}");
            return null;
        }

        foreach (var (column, question) in map)
        {
            if (Array.FindIndex(header, h => h == column) < 0)
            {
                problems.Add($"--map {column}={question}: there is no column {column}");
            }

            if (definition.Find(question) is null)
            {
                problems.Add($"--map {column}={question}: the survey has no question {question}");
            }
        }

        var meta = new HashSet<int> { id };
        var customer = qualtrics ? Find("ExternalReference", "ExternalDataReference") : Find("customer_id", "customerId");
        var started = qualtrics ? Find("StartDate") : Find("started_at", "startedAt");
        var completed = qualtrics ? (Find("RecordedDate") is >= 0 and var r ? r : Find("EndDate")) : Find("completed_at", "completedAt");
        var finished = qualtrics ? Find("Finished") : Find("complete");
        meta.UnionWith(new[] { customer, started, completed, finished }.Where(i => i >= 0));
        var questions = new Dictionary<int, Question>();
        var ignored = new List<string>();
        for (var c = 0; c < header.Length; c++)
        {
            if (meta.Contains(c))
            {
                continue;
            }

            var question = map.TryGetValue(header[c], out var mapped) ? definition.Find(mapped)
                : definition.Find(header[c])
                ?? (qualtrics && c < texts.Length ? definition.Questions.FirstOrDefault(q => Same(q.Title.For("en"), texts[c])) : null);
            if (question is null)
            {
                ignored.Add(header[c]);
            }
            else if (questions.ContainsValue(question))
            {
                problems.Add($"two columns answer the question {question.Id}: use --map to say which");
            }
            else
            {
                questions[c] = question;
            }
        }

        if (questions.Count == 0)
        {
            problems.Add($"no column answers a question of the survey (its questions: {string.Join(", ", definition.Questions.Select(q => q.Id))}); name the columns by question id or use --map COLUMN=QUESTION");
        }

        return problems.Count > 0 ? null : new Layout(qualtrics, id, customer, started, completed, finished, questions, ignored);
    }

    /// <summary>One data row; null with errors (their index is the line) when it cannot be imported.</summary>
    public static ImportedResponse? Row(Layout layout, SurveyDefinition definition, IReadOnlyList<string> fields, long line, DateTime now, List<ItemError> errors)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(errors);
        var before = errors.Count;
        var index = (int)Math.Min(line, int.MaxValue);
        string Cell(int c) => c >= 0 && c < fields.Count ? fields[c].Trim() : "";
        var id = Cell(layout.Id);
        if (id.Length is 0 or > 200)
        {
            errors.Add(new ItemError(index, "id", "a response id of 1 to 200 characters"));
        }

        DateTime? Time(int column, string name)
        {
            var text = Cell(column);
            if (text.Length == 0)
            {
                return null;
            }

            if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at))
            {
                return at;
            }

            errors.Add(new ItemError(index, name, $"'{text}' is not a date and time (ISO 8601, or Qualtrics' yyyy-MM-dd HH:mm:ss)"));
            return null;
        }

        var completedAt = Time(layout.Completed, "completed_at");
        var startedAt = Time(layout.Started, "started_at");
        var flag = Cell(layout.Finished).ToLowerInvariant();
        var complete = layout.Finished < 0 || flag is "" or "1" or "true" or "yes";
        if (flag is not ("" or "1" or "0" or "true" or "false" or "yes" or "no"))
        {
            errors.Add(new ItemError(index, layout.Qualtrics ? "Finished" : "complete", $"'{flag}' is not true/false or 1/0"));
        }

        var answers = new Dictionary<string, AnswerValue>(StringComparer.Ordinal);
        foreach (var (column, question) in layout.Questions)
        {
            var text = Cell(column);
            if (text.Length == 0)
            {
                continue;
            }

            if (question.IsScore)
            {
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
                {
                    answers[question.Id] = AnswerValue.Of(n);
                }
                else
                {
                    errors.Add(new ItemError(index, question.Id, $"'{text}' is not a number"));
                }
            }
            else if (question.Type is QuestionType.SingleChoice or QuestionType.MultipleChoice)
            {
                var picked = Choice(question, text) is { } one ? [one]
                    : question.Type == QuestionType.MultipleChoice ? text.Split(layout.Qualtrics ? ',' : ';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(p => Choice(question, p) ?? p).ToList()
                    : [text];
                answers[question.Id] = new AnswerValue(null, picked, null);
            }
            else
            {
                answers[question.Id] = AnswerValue.Of(text);
            }
        }

        foreach (var e in AnswerValidation.Validate(definition, answers, complete))
        {
            errors.Add(e with { Index = index });
        }

        if (errors.Count > before)
        {
            return null;
        }

        var done = completedAt ?? startedAt ?? now;
        return new ImportedResponse(line, id, Cell(layout.Customer) is { Length: > 0 } c ? c : null, startedAt ?? done, done, complete, answers);
    }

    /// <summary>A choice by its value or (any language's) text.</summary>
    private static string? Choice(Question question, string text) =>
        question.Choices.FirstOrDefault(c => c.Value == text || Same(c.Text.For("en"), text))?.Value;

    private static bool Same(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
}
