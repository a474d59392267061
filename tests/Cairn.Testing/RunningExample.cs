using System.Globalization;
using Cairn.Core.Journeys.Paths;

namespace Cairn.Testing;

/// <summary>
/// The process-mining running example (tests/data/eventlog-running-example): its events as path
/// steps, read from the CSV, and the independently written directly-follows graph (.dfg).
/// </summary>
public static class RunningExample
{
    public static string Folder => TestData.Path("eventlog-running-example");

    /// <summary>Events in file order: case id, activity, time (the CSV holds local times with offsets).</summary>
    public static IReadOnlyList<PathStep> Steps()
    {
        var lines = File.ReadAllLines(Path.Combine(Folder, "running-example.csv"));
        var header = lines[0].Split(',');
        int Column(string name) => Array.IndexOf(header, name);
        var (caseColumn, activity, time) = (Column("case:concept:name"), Column("concept:name"), Column("time:timestamp"));
        return lines.Skip(1).Select(l => l.Split(',')).Select(f => new PathStep(
            f[caseColumn], f[activity], DateTimeOffset.Parse(f[time], CultureInfo.InvariantCulture).UtcDateTime)).ToList();
    }

    /// <summary>The expected graph: activities, start and end counts, and edge counts by activity name.</summary>
    public sealed record Dfg(IReadOnlyList<string> Activities, IReadOnlyDictionary<string, long> Starts, IReadOnlyDictionary<string, long> Ends, IReadOnlyDictionary<(string From, string To), long> Edges);

    /// <summary>
    /// Reads pm4py's .dfg format: the number of activities and their names; then a count and that
    /// many start lines "i xN"; the same for ends; then every remaining line is an edge "i&gt;jxN".
    /// </summary>
    public static Dfg ReadDfg()
    {
        var lines = File.ReadAllLines(Path.Combine(Folder, "running-example.dfg")).Where(l => l.Length > 0).ToList();
        var at = 0;
        var count = int.Parse(lines[at++], CultureInfo.InvariantCulture);
        var activities = lines.Skip(at).Take(count).ToList();
        at += count;
        Dictionary<string, long> Endpoints()
        {
            var n = int.Parse(lines[at++], CultureInfo.InvariantCulture);
            var result = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var line in lines.Skip(at).Take(n))
            {
                var parts = line.Split('x');
                result[activities[int.Parse(parts[0], CultureInfo.InvariantCulture)]] = long.Parse(parts[1], CultureInfo.InvariantCulture);
            }

            at += n;
            return result;
        }

        var starts = Endpoints();
        var ends = Endpoints();
        var edges = new Dictionary<(string, string), long>();
        foreach (var line in lines.Skip(at))
        {
            var (pair, times) = (line.Split('x')[0], line.Split('x')[1]);
            var (from, to) = (int.Parse(pair.Split('>')[0], CultureInfo.InvariantCulture), int.Parse(pair.Split('>')[1], CultureInfo.InvariantCulture));
            edges[(activities[from], activities[to])] = long.Parse(times, CultureInfo.InvariantCulture);
        }

        return new Dfg(activities, starts, ends, edges);
    }
}
