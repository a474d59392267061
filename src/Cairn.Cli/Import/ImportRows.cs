using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;

namespace Cairn.Cli.Import;

/// <summary>One row of an import file as a JSON object, with its 1-based line number, or why it could not be read.</summary>
public sealed record ImportRow(long Line, JsonElement? Item, string? Error);

/// <summary>
/// Streams rows out of CSV (header row; columns named as in the API) or JSON Lines (one API item
/// per line). CSV columns the API does not name go into <c>properties</c> (events, feedback) or
/// stay as customer attributes.
/// </summary>
public static class ImportRows
{
    public static IReadOnlyList<string> RequiredColumns(ImportKind kind) => kind switch
    {
        ImportKind.Customers => ["id"],
        ImportKind.Events => ["id", "customerId", "name", "timestamp"],
        ImportKind.Feedback => ["id", "source"],
        ImportKind.Records => ["id", "customerId", "kind", "occurredAt"],
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static readonly HashSet<string> EventColumns = ["id", "customerId", "name", "timestamp", "channel"];
    private static readonly HashSet<string> FeedbackColumns = ["id", "source", "text", "rating", "ratingScale", "competitor", "customerId", "title", "timestamp", "channel"];
    private static readonly HashSet<string> RecordColumns = ["id", "customerId", "kind", "occurredAt", "amount", "currency"];
    private static readonly HashSet<string> TimeColumns = ["timestamp", "occurredAt", "signupAt", "createdAt", "churnedAt"];
    private static readonly HashSet<string> NumberColumns = ["amount", "rating", "ratingScale", "monthlyRevenue"];

    public static IEnumerable<ImportRow> JsonLines(TextReader reader)
    {
        long line = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            JsonElement? item = null;
            string? error = null;
            try
            {
                using var document = JsonDocument.Parse(text);
                item = document.RootElement.Clone();
            }
            catch (JsonException e)
            {
                error = $"not valid JSON at byte {e.BytePositionInLine + 1}";
            }

            yield return new ImportRow(line, item, error);
        }
    }

    /// <summary>Throws <see cref="UsageException"/> when a required column is missing from the header.</summary>
    public static IEnumerable<ImportRow> Csv(TextReader reader, ImportKind kind, LocalFormats? formats = null)
    {
        formats ??= LocalFormats.Iso;
        string? badRow = null;
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            BadDataFound = args => badRow = $"broken quoting in field {args.Field}",
            MissingFieldFound = null,
            DetectColumnCountChanges = false,
            TrimOptions = TrimOptions.Trim,
        };
        using var csv = new CsvReader(reader, config, leaveOpen: true);
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { Length: > 0 } header)
        {
            throw new UsageException("the CSV file is empty: it needs a header row");
        }

        var missing = RequiredColumns(kind).Where(c => !header.Contains(c, StringComparer.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            throw new UsageException($"the CSV header lacks the column(s) {string.Join(", ", missing)} needed for {kind.ToString().ToLowerInvariant()} (it has: {string.Join(", ", header)})");
        }

        while (true)
        {
            bool more;
            string? parseError = null;
            try
            {
                more = csv.Read();
            }
            catch (CsvHelperException e)
            {
                more = true;
                parseError = e.Message.Split('\n')[0];
            }

            if (!more)
            {
                yield break;
            }

            var line = csv.Parser.RawRow;
            // CsvHelper reports bad quoting while the fields are read, so convert first, then check.
            var item = parseError is null ? ToJson(csv, header, kind, formats) : (JsonElement?)null;
            if (parseError is not null || badRow is not null)
            {
                yield return new ImportRow(line, null, parseError ?? badRow);
                badRow = null;
                continue;
            }

            yield return new ImportRow(line, item, null);
        }
    }

    private static JsonElement ToJson(CsvReader csv, string[] header, ImportKind kind, LocalFormats formats)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            var known = kind switch { ImportKind.Events => EventColumns, ImportKind.Feedback => FeedbackColumns, ImportKind.Records => RecordColumns, _ => null };
            var extra = new List<(string, string)>();
            for (var i = 0; i < header.Length; i++)
            {
                var value = csv.GetField(i);
                if (string.IsNullOrEmpty(value))
                {
                    continue;
                }

                if (known is null || known.Contains(header[i]))
                {
                    if (NumberColumns.Contains(header[i]) && formats.Number(value) is { } number)
                    {
                        writer.WriteNumber(header[i], number);
                    }
                    else
                    {
                        writer.WriteString(header[i], TimeColumns.Contains(header[i]) ? formats.Time(value) : value);
                    }
                }
                else
                {
                    extra.Add((header[i], value));
                }
            }

            if (extra.Count > 0)
            {
                writer.WriteStartObject("properties");
                foreach (var (name, value) in extra)
                {
                    writer.WriteString(name, value);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        return document.RootElement.Clone();
    }
}

public enum ImportKind
{
    Customers,
    Events,
    Feedback,

    /// <summary>CRM/ERP facts: orders, returns, invoices, renewals, plan changes.</summary>
    Records,

    /// <summary>A SurveyJS definition (one JSON file), not rows: see <see cref="SurveyImport"/>.</summary>
    Survey,

    /// <summary>A process-mining event log (XES or CSV): see <see cref="EventLogImport"/>.</summary>
    EventLog,

    /// <summary>Survey responses exported from Qualtrics or another tool: see <see cref="ResponseImport"/>.</summary>
    Responses,
}

/// <summary>
/// How a CSV from another locale writes dates and numbers: <see cref="DateFormat"/> (e.g.
/// dd.MM.yyyy) turns its dates into ISO 8601; a decimal comma turns 1.234,50 into 1234.5. Values
/// that do not match are passed on unchanged, for the API to refuse with its reason and line.
/// </summary>
public sealed record LocalFormats(string? DateFormat, bool DecimalComma)
{
    public static readonly LocalFormats Iso = new(null, false);

    public string Time(string value) =>
        DateFormat is not null && DateTime.TryParseExact(value, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : value;

    /// <summary>
    /// The value as a number under this locale's separators, or null to pass it on as text. A group
    /// separator is accepted only in groups of three (1,234.50), so "1,5" is never read as 15.
    /// </summary>
    public double? Number(string value)
    {
        var (group, point) = DecimalComma ? ('.', ',') : (',', '.');
        var text = value.Trim().Replace(" ", "", StringComparison.Ordinal).Replace("\u00A0", "", StringComparison.Ordinal).Replace("\u202F", "", StringComparison.Ordinal);
        var grouped = $@"^[+-]?\d{{1,3}}(\{group}\d{{3}})+(\{point}\d+)?$";
        if (System.Text.RegularExpressions.Regex.IsMatch(text, grouped))
        {
            text = text.Replace(group.ToString(), "", StringComparison.Ordinal);
        }

        if (text.Contains(group, StringComparison.Ordinal))
        {
            return null;
        }

        text = text.Replace(point, '.');
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) ? number : null;
    }
}

/// <summary>Reads files as UTF-8 and refuses invalid bytes rather than guessing.</summary>
public static class StrictUtf8
{
    public static readonly Encoding Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
