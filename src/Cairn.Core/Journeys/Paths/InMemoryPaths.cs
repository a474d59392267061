namespace Cairn.Core.Journeys.Paths;

/// <summary>
/// Path analytics computed in memory from every step: the naive baseline that benchmarks compare
/// the database against, and an independent second implementation that tests check the SQL with.
/// Steps of a customer are ordered by time, ties kept in the order given. When repeats collapse,
/// a run of one step counts once, and the time to the next step is measured from the run's last
/// repeat (the wait between, not the time spent repeating).
/// </summary>
public sealed class InMemoryPaths
{
    private readonly List<List<PathStep>> _paths;
    private readonly List<List<DateTime>> _runEnds;

    public InMemoryPaths(IEnumerable<PathStep> steps, bool collapseRepeats)
    {
        ArgumentNullException.ThrowIfNull(steps);
        _paths = [];
        _runEnds = [];
        foreach (var group in steps.GroupBy(s => s.CustomerId, StringComparer.Ordinal))
        {
            var ordered = group.OrderBy(s => s.Time).ToList(); // OrderBy is stable
            var path = new List<PathStep>();
            var ends = new List<DateTime>();
            foreach (var step in ordered)
            {
                if (collapseRepeats && path.Count > 0 && string.Equals(path[^1].Name, step.Name, StringComparison.Ordinal))
                {
                    ends[^1] = step.Time;
                    continue;
                }

                path.Add(step);
                ends.Add(step.Time);
            }

            _paths.Add(path);
            _runEnds.Add(ends);
        }
    }

    public DirectlyFollowsGraph DirectlyFollows()
    {
        var activities = _paths.SelectMany(p => p.Select(s => (s.Name, p[0].CustomerId)))
            .GroupBy(x => x.Name, StringComparer.Ordinal)
            .Select(g => new PathActivity(g.Key, g.LongCount(), g.Select(x => x.CustomerId).Distinct(StringComparer.Ordinal).LongCount()))
            .OrderByDescending(a => a.Occurrences).ThenBy(a => a.Name, StringComparer.Ordinal).ToList();
        var edges = _paths.SelectMany((p, i) => p.Zip(p.Skip(1), _runEnds[i]).Select(x => (x.First.Name, Next: x.Second.Name, Seconds: (x.Second.Time - x.Third).TotalSeconds)))
            .GroupBy(x => (x.Name, x.Next))
            .Select(g => new PathEdge(g.Key.Name, g.Key.Next, g.LongCount(), Median(g.Select(x => x.Seconds).ToList())))
            .OrderByDescending(e => e.Count).ThenBy(e => e.From, StringComparer.Ordinal).ThenBy(e => e.To, StringComparer.Ordinal).ToList();
        return new DirectlyFollowsGraph(
            _paths.Count,
            _paths.Sum(p => (long)p.Count),
            activities,
            Count(_paths.Select(p => p[0].Name)),
            Count(_paths.Select(p => p[^1].Name)),
            edges);
    }

    public PathVariants Variants(int top)
    {
        var variants = _paths.GroupBy(p => string.Join('\u001f', p.Select(s => s.Name)), StringComparer.Ordinal)
            .Select(g => (Steps: g.First().Select(s => s.Name).ToList(), Customers: g.LongCount()))
            .OrderByDescending(v => v.Customers).ThenBy(v => string.Join('\u001f', v.Steps), StringComparer.Ordinal).ToList();
        return new PathVariants(_paths.Count, variants.Count,
            variants.Take(top).Select(v => new PathVariant(v.Steps, v.Customers, _paths.Count == 0 ? 0 : 100.0 * v.Customers / _paths.Count)).ToList());
    }

    public FunnelResult Funnel(FunnelDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var steps = definition.Steps;
        var n = steps.Count;
        var reached = new long[n];
        var passed = new long[n];
        var durations = Enumerable.Range(0, n).Select(_ => new List<double>()).ToArray();
        foreach (var path in _paths)
        {
            var entry = path.FindIndex(s => s.Name == steps[0].Name);
            if (entry < 0)
            {
                continue;
            }

            // The required steps form the chain, each the first occurrence after the one before.
            var deadline = path[entry].Time + definition.Window;
            var times = new DateTime?[n];
            times[0] = path[entry].Time;
            var at = path[entry].Time;
            for (var k = 1; k < n && times[PreviousRequired(steps, k)] is not null; k++)
            {
                if (steps[k].Optional)
                {
                    continue;
                }

                var found = path.FirstOrDefault(s => s.Name == steps[k].Name && s.Time >= at && s.Time <= deadline);
                if (found.Name is null)
                {
                    break;
                }

                times[k] = found.Time;
                at = found.Time;
            }

            // An optional step counts when done between the required steps around it.
            for (var k = 0; k < n; k++)
            {
                if (!steps[k].Optional)
                {
                    if (times[k] is { } t)
                    {
                        reached[k]++;
                        passed[k]++;
                        if (k > 0)
                        {
                            durations[k].Add((t - times[PreviousRequired(steps, k)]!.Value).TotalSeconds);
                        }
                    }

                    continue;
                }

                var before = times[PreviousRequired(steps, k)];
                if (before is null)
                {
                    continue;
                }

                passed[k]++;
                var until = times[NextRequired(steps, k)] ?? deadline;
                var done = path.FirstOrDefault(s => s.Name == steps[k].Name && s.Time >= before.Value && s.Time <= until);
                if (done.Name is not null)
                {
                    reached[k]++;
                    durations[k].Add((done.Time - before.Value).TotalSeconds);
                }
            }
        }

        return FunnelResult.From(definition, Enumerable.Range(0, n).Select(k => (reached[k], passed[k], Median(durations[k]))).ToList());
    }

    /// <summary>The nearest required step before step k (the first step is always required).</summary>
    public static int PreviousRequired(IReadOnlyList<FunnelStep> steps, int k)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var i = k - 1;
        while (i > 0 && steps[i].Optional)
        {
            i--;
        }

        return Math.Max(i, 0);
    }

    /// <summary>The nearest required step after step k (the last step is always required).</summary>
    public static int NextRequired(IReadOnlyList<FunnelStep> steps, int k)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var i = k + 1;
        while (i < steps.Count - 1 && steps[i].Optional)
        {
            i++;
        }

        return i;
    }

    private static List<PathEndpoint> Count(IEnumerable<string> names) =>
        names.GroupBy(x => x, StringComparer.Ordinal).Select(g => new PathEndpoint(g.Key, g.LongCount()))
            .OrderByDescending(e => e.Count).ThenBy(e => e.Name, StringComparer.Ordinal).ToList();

    /// <summary>The median as SQL's continuous percentile computes it (the mean of the middle two).</summary>
    public static double? Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        values.Sort();
        var mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
