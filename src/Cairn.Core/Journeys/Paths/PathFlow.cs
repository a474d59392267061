namespace Cairn.Core.Journeys.Paths;

/// <summary>
/// Customers moving from one step of their path to the next, by position: the Sankey of paths
/// between stages. <see cref="To"/> is the next step, or null when the path ends there, with
/// <see cref="End"/> saying how: the customer churned, is still a customer, or the path goes on
/// past the last step shown.
/// </summary>
public sealed record FlowLink(int Step, string From, string? To, string? End, long Customers);

/// <summary>The flows of the first <see cref="Steps"/> steps of every customer's path.</summary>
public sealed record PathFlow(int Steps, long Customers, IReadOnlyList<FlowLink> Links)
{
    public const string Churned = "churned";
    public const string Stayed = "still a customer";
    public const string More = "more steps";
    public const int MaxSteps = 10;
}
