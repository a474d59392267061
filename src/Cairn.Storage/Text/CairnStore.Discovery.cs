using Cairn.Core.Text;
using Dapper;

namespace Cairn.Storage;

public sealed partial class CairnStore
{
    /// <summary>Texts read per window: a sample big enough for phrases with five sightings, small enough to read in a second.</summary>
    private const int DiscoverySample = 5_000;

    public const int DiscoveryRecentDays = 90;

    /// <summary>
    /// Emerging phrases: the newest texts of the last 90 days (up to 5,000) against those of the
    /// year before (up to 5,000), measured from the latest feedback so an imported history works too.
    /// </summary>
    public async Task<IReadOnlyList<DiscoveredPhrase>> DiscoverPhrasesAsync(long workspaceId)
    {
        var text = await TextFor(workspaceId);
        using var connection = Connect();
        var latest = await connection.ExecuteScalarAsync<DateTime?>(Dialect.Sql("SELECT max(occurred_at) FROM feedback WHERE workspace_id = @workspaceId AND competitor IS NULL"), new { workspaceId });
        if (latest is null)
        {
            return [];
        }

        var end = AsUtc(latest.Value).AddSeconds(1);
        var split = end.AddDays(-DiscoveryRecentDays);
        var start = split.AddDays(-365);
        const string sample = """
            SELECT text FROM feedback
            WHERE workspace_id = @workspaceId AND competitor IS NULL AND text IS NOT NULL AND occurred_at >= @from AND occurred_at < @to
            ORDER BY occurred_at DESC LIMIT @limit
            """;
        var recent = (await connection.QueryAsync<string>(Dialect.Sql(sample), new { workspaceId, from = split, to = end, limit = DiscoverySample })).ToList();
        var earlier = (await connection.QueryAsync<string>(Dialect.Sql(sample), new { workspaceId, from = start, to = split, limit = DiscoverySample })).ToList();
        return PhraseDiscovery.Discover(recent, earlier, text.Analyzer);
    }
}
