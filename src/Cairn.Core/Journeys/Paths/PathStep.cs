namespace Cairn.Core.Journeys.Paths;

/// <summary>One step of one customer's path: who, what (at the chosen level), when.</summary>
public readonly record struct PathStep(string CustomerId, string Name, DateTime Time);
