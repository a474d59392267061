using System.Text.Json.Nodes;
using Cairn.Core.Customers;

namespace Cairn.Storage.Ingestion;

/// <summary>Two identify calls for one customer in one commit: the later one's stated traits win.</summary>
internal static class CustomerMerge
{
    public static CustomerProfile Merge(CustomerProfile earlier, CustomerProfile later) => new(
        later.ExternalId,
        later.Name ?? earlier.Name,
        later.Email ?? earlier.Email,
        later.Segment ?? earlier.Segment,
        later.Persona ?? earlier.Persona,
        later.Plan ?? earlier.Plan,
        later.Region ?? earlier.Region,
        later.SignupAt ?? earlier.SignupAt,
        later.Status ?? earlier.Status,
        later.ChurnedAt ?? earlier.ChurnedAt,
        later.ChurnType ?? earlier.ChurnType,
        later.MonthlyRevenue ?? earlier.MonthlyRevenue,
        MergeJson(earlier.AttributesJson, later.AttributesJson));

    private static string? MergeJson(string? earlier, string? later)
    {
        if (earlier is null || later is null)
        {
            return later ?? earlier;
        }

        var target = JsonNode.Parse(earlier)!.AsObject();
        foreach (var (key, value) in JsonNode.Parse(later)!.AsObject())
        {
            target[key] = value?.DeepClone();
        }

        return target.ToJsonString();
    }
}
