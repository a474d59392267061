using Cairn.Core.Workspaces;

namespace Cairn.Storage;

public sealed record WorkspaceRow(long Id, string Name, string Industry);

public sealed partial class CairnStore
{
    /// <summary>The workspace with this name, created with its industry's default benchmarks if absent.</summary>
    public async Task<WorkspaceRow> EnsureWorkspaceAsync(string name, Industry industry)
    {
        var existing = await QuerySingleOrDefaultAsync<WorkspaceRow>("SELECT id, name, industry FROM workspaces WHERE name = @name", new { name });
        if (existing is not null)
        {
            return existing;
        }

        var id = await ScalarAsync<long>(
            "INSERT INTO workspaces (name, industry, created_at) VALUES (@name, @industry, @now) RETURNING id",
            new { name, industry = industry.ToKey(), now = UtcNow });
        var benchmark = IndustryBenchmark.NpsFor(industry);
        await ExecuteAsync(
            "INSERT INTO benchmarks (workspace_id, level, metric, label, value, low, high, source, as_of) VALUES (@id, 'industry', @metric, @label, @value, @low, @high, @source, @asOf)",
            new
            {
                id,
                metric = benchmark.Metric,
                label = $"{industry.ToKey()} average",
                value = (benchmark.AverageLow + benchmark.AverageHigh) / 2,
                low = benchmark.AverageLow,
                high = benchmark.AverageHigh,
                source = benchmark.Source,
                asOf = benchmark.AsOf.ToDateTime(TimeOnly.MinValue),
            });
        await ExecuteAsync(
            "INSERT INTO benchmarks (workspace_id, level, metric, label, value, source, as_of) VALUES (@id, 'industry', @metric, @label, @value, @source, @asOf)",
            new { id, metric = benchmark.Metric, label = $"{industry.ToKey()} leaders", value = benchmark.Leaders, source = benchmark.Source, asOf = benchmark.AsOf.ToDateTime(TimeOnly.MinValue) });
        return new WorkspaceRow(id, name, industry.ToKey());
    }

    public Task<IReadOnlyList<WorkspaceRow>> ListWorkspacesAsync() =>
        QueryAsync<WorkspaceRow>("SELECT id, name, industry FROM workspaces ORDER BY id");

    public sealed record BenchmarkRow(string Level, string Metric, string Label, double? Value, double? Low, double? High, string? Source);

    public Task<IReadOnlyList<BenchmarkRow>> ListBenchmarksAsync(long workspaceId) =>
        QueryAsync<BenchmarkRow>("SELECT level, metric, label, value, low, high, source FROM benchmarks WHERE workspace_id = @workspaceId ORDER BY id", new { workspaceId });
}
