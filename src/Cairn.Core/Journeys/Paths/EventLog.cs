using System.Globalization;
using System.Xml;

namespace Cairn.Core.Journeys.Paths;

/// <summary>One event of a process-mining log: the case it belongs to (a customer), the activity, when, and its other attributes as text.</summary>
public sealed record EventLogEntry(string Case, string Activity, DateTime Time, IReadOnlyDictionary<string, string> Attributes);

/// <summary>
/// Reads event logs the way process-mining tools write them, so their users can bring their own:
/// XES (IEEE 1849: <c>trace</c> elements holding <c>event</c> elements, each with typed attributes
/// keyed <c>concept:name</c>, <c>time:timestamp</c>, …) streamed with an XmlReader in one pass
/// (DTDs refused, no external entities), and CSV with pm4py's column names
/// (<c>case:concept:name</c>, <c>concept:name</c>, <c>time:timestamp</c>) or plain ones (case,
/// activity, timestamp). Events with a lifecycle other than "complete" are left out: a
/// directly-follows graph counts completed activities. A problem is reported once with where it is,
/// and reading goes on.
/// </summary>
public static class EventLog
{
    public const int MaxProblems = 100;

    private static readonly string[] CaseColumns = ["case:concept:name", "case_id", "case", "caseid"];
    private static readonly string[] ActivityColumns = ["concept:name", "activity", "event"];
    private static readonly string[] TimeColumns = ["time:timestamp", "timestamp", "time"];

    public static IEnumerable<EventLogEntry> ReadXes(Stream stream, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreWhitespace = true };
        using var reader = XmlReader.Create(stream, settings);
        string? traceName = null;
        var traceNumber = 0;
        var eventNumber = 0;
        Dictionary<string, string>? attributes = null;
        var depth = 0; // nesting below the current event: attributes of attributes (lists, containers) are skipped
        while (Read(reader, problems))
        {
            if (reader.NodeType == XmlNodeType.Element)
            {
                switch (reader.LocalName)
                {
                    case "trace":
                        traceNumber++;
                        traceName = null;
                        break;
                    case "event":
                        eventNumber++;
                        attributes = new Dictionary<string, string>(StringComparer.Ordinal);
                        depth = reader.Depth;
                        break;
                    default:
                        if (reader.GetAttribute("key") is { } key && reader.GetAttribute("value") is { } value)
                        {
                            if (attributes is not null && reader.Depth == depth + 1)
                            {
                                attributes[key] = value;
                            }
                            else if (attributes is null && key == "concept:name" && reader.Depth == 2)
                            {
                                traceName = value;
                            }
                        }

                        break;
                }

                if (reader.IsEmptyElement && reader.LocalName == "event")
                {
                    attributes = null;
                }
            }
            else if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "event" && attributes is not null)
            {
                var entry = Entry(traceName ?? $"trace {traceNumber}", attributes, $"trace {traceNumber}, event {eventNumber}", problems);
                attributes = null;
                if (entry is not null)
                {
                    yield return entry;
                }
            }
        }
    }

    /// <summary>The columns a CSV log must have, by the names tools use; null with a problem when one is missing.</summary>
    public static (int Case, int Activity, int Time)? CsvColumns(IReadOnlyList<string> header, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(problems);
        int Find(string[] names) => header.Select((h, i) => (h: h.Trim().ToLowerInvariant(), i)).Where(x => names.Contains(x.h)).Select(x => x.i).DefaultIfEmpty(-1).First();
        var (c, a, t) = (Find(CaseColumns), Find(ActivityColumns), Find(TimeColumns));
        if (c < 0 || a < 0 || t < 0)
        {
            problems.Add($"an event log CSV needs a case column ({string.Join(", ", CaseColumns)}), an activity column ({string.Join(", ", ActivityColumns)}) and a time column ({string.Join(", ", TimeColumns)}); it has: {string.Join(", ", header)}");
            return null;
        }

        return (c, a, t);
    }

    /// <summary>One CSV row as an entry (the other columns become attributes); null with a problem when it cannot be read.</summary>
    public static EventLogEntry? CsvRow(IReadOnlyList<string> header, IReadOnlyList<string> row, (int Case, int Activity, int Time) columns, long line, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(row);
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < Math.Min(header.Count, row.Count); i++)
        {
            if (header[i].Length > 0)
            {
                attributes[header[i]] = row[i];
            }
        }

        attributes["concept:name"] = columns.Activity < row.Count ? row[columns.Activity] : "";
        attributes["time:timestamp"] = columns.Time < row.Count ? row[columns.Time] : "";
        return Entry(columns.Case < row.Count ? row[columns.Case] : "", attributes, $"line {line}", problems);
    }

    private static EventLogEntry? Entry(string caseName, Dictionary<string, string> attributes, string where, List<string> problems)
    {
        if (attributes.TryGetValue("lifecycle:transition", out var lifecycle) && !lifecycle.Equals("complete", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string? problem = null;
        DateTime time = default;
        if (string.IsNullOrWhiteSpace(caseName) || caseName.Length > 200)
        {
            problem = "no case id (or longer than 200 characters)";
        }
        else if (!attributes.TryGetValue("concept:name", out var activity) || string.IsNullOrWhiteSpace(activity) || activity.Length > 200)
        {
            problem = "no activity name (concept:name), or longer than 200 characters";
        }
        else if (!attributes.TryGetValue("time:timestamp", out var stamp)
            || !DateTimeOffset.TryParse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            problem = $"no time, or not an ISO 8601 time: '{(attributes.TryGetValue("time:timestamp", out var s) ? s : "")}'";
        }
        else
        {
            time = at.UtcDateTime;
        }

        if (problem is not null)
        {
            if (problems.Count < MaxProblems)
            {
                problems.Add($"{where}: {problem}");
            }

            return null;
        }

        var rest = attributes.Where(a => a.Key is not ("concept:name" or "time:timestamp")).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        return new EventLogEntry(caseName.Trim(), attributes["concept:name"].Trim(), time, rest);
    }

    private static bool Read(XmlReader reader, List<string> problems)
    {
        try
        {
            return reader.Read();
        }
        catch (XmlException e)
        {
            problems.Add($"not well-formed XES at line {e.LineNumber}, position {e.LinePosition}: {e.Message}; the rest of the file was not read");
            return false;
        }
    }
}
