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
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static readonly HashSet<string> EventColumns = ["id", "customerId", "name", "timestamp", "channel"];
    private static readonly HashSet<string> FeedbackColumns = ["id", "source", "text", "rating", "ratingScale", "competitor", "customerId", "title", "timestamp", "channel"];

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
    public static IEnumerable<ImportRow> Csv(TextReader reader, ImportKind kind)
    {
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
            var item = parseError is null ? ToJson(csv, header, kind) : (JsonElement?)null;
            if (parseError is not null || badRow is not null)
            {
                yield return new ImportRow(line, null, parseError ?? badRow);
                badRow = null;
                continue;
            }

            yield return new ImportRow(line, item, null);
        }
    }

    private static JsonElement ToJson(CsvReader csv, string[] header, ImportKind kind)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            var known = kind switch { ImportKind.Events => EventColumns, ImportKind.Feedback => FeedbackColumns, _ => null };
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
                    writer.WriteString(header[i], value);
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

    /// <summary>A SurveyJS definition (one JSON file), not rows: see <see cref="SurveyImport"/>.</summary>
    Survey,
}

/// <summary>Reads files as UTF-8 and refuses invalid bytes rather than guessing.</summary>
public static class StrictUtf8
{
    public static readonly Encoding Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
