namespace Cairn.Core.Journeys.Paths;

/// <summary>One step name with how often it occurs and how many customers reach it.</summary>
public sealed record PathActivity(string Name, long Occurrences, long Customers);

/// <summary>How often <see cref="From"/> is directly followed by <see cref="To"/>, and the median time between them.</summary>
public sealed record PathEdge(string From, string To, long Count, double? MedianSeconds);

/// <summary>A count of paths starting or ending with a step.</summary>
public sealed record PathEndpoint(string Name, long Count);

/// <summary>
/// The directly-follows graph of per-customer ordered steps (process mining's basic model):
/// activities, start and end steps, and edges with counts and median durations.
/// </summary>
public sealed record DirectlyFollowsGraph(
    long Customers,
    long Steps,
    IReadOnlyList<PathActivity> Activities,
    IReadOnlyList<PathEndpoint> Starts,
    IReadOnlyList<PathEndpoint> Ends,
    IReadOnlyList<PathEdge> Edges);

/// <summary>One distinct path (all of a customer's steps in order) and how many customers took it.</summary>
public sealed record PathVariant(IReadOnlyList<string> Steps, long Customers, double Share);

/// <summary>The most common path variants, with how many variants there are in all.</summary>
public sealed record PathVariants(long Customers, long DistinctVariants, IReadOnlyList<PathVariant> Top);

/// <summary>Time from first reaching one stage to first reaching the next, over customers who reached both in that order.</summary>
public sealed record StageTransitionTime(string From, string To, long Customers, double? P25Seconds, double? MedianSeconds, double? P75Seconds, double? P90Seconds);
