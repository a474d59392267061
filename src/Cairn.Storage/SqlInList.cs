using Dapper;

namespace Cairn.Storage;

/// <summary>
/// A list of values as numbered parameters for <c>column IN (…)</c>: the values never reach the
/// SQL text. On DuckDB a list of constants is also what lets a one-column index serve the lookup,
/// where a join with the same values scans the table.
/// </summary>
internal static class SqlInList
{
    /// <summary>Adds each value as <c>@{prefix}{i}</c> and returns "@p0, @p1, …".</summary>
    public static string Of<T>(DynamicParameters parameters, string prefix, IEnumerable<T> values) =>
        string.Join(", ", values.Select((value, i) =>
        {
            parameters.Add($"{prefix}{i}", value);
            return $"@{prefix}{i}";
        }));
}
