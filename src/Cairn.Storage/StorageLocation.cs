namespace Cairn.Storage;

/// <summary>
/// Where the data lives, read from <c>CAIRN_DB</c>: a DuckDB file path (the embedded default)
/// or a PostgreSQL connection string (key=value form with a Host, or a postgres:// URL).
/// </summary>
public sealed record StorageLocation(StorageEngine Engine, string Value)
{
    public const string DefaultDuckDbPath = "./data/cairn.duckdb";

    public static StorageLocation Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return new StorageLocation(StorageEngine.DuckDb, DefaultDuckDbPath);
        }

        var trimmed = value.Trim();
        if (trimmed.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return new StorageLocation(StorageEngine.Postgres, FromUrl(new Uri(trimmed)));
        }

        if (trimmed.Contains("Host=", StringComparison.OrdinalIgnoreCase) || trimmed.Contains("Server=", StringComparison.OrdinalIgnoreCase))
        {
            return new StorageLocation(StorageEngine.Postgres, trimmed);
        }

        return new StorageLocation(StorageEngine.DuckDb, trimmed);
    }

    /// <summary>The DuckDB file's full path (only for <see cref="StorageEngine.DuckDb"/>).</summary>
    public string FilePath => Engine == StorageEngine.DuckDb ? Path.GetFullPath(Value) : throw new InvalidOperationException("not a DuckDB location");

    /// <summary>A description safe to print: a PostgreSQL password never appears.</summary>
    public override string ToString() => Engine == StorageEngine.DuckDb
        ? $"DuckDB file {FilePath}"
        : "PostgreSQL " + string.Join(';', Value.Split(';').Where(p => !p.TrimStart().StartsWith("Password", StringComparison.OrdinalIgnoreCase)));

    private static string FromUrl(Uri url)
    {
        var userInfo = url.UserInfo.Split(':', 2);
        var parts = new List<string> { $"Host={url.Host}", $"Port={(url.Port > 0 ? url.Port : 5432)}", $"Database={url.AbsolutePath.TrimStart('/')}" };
        if (userInfo[0].Length > 0)
        {
            parts.Add($"Username={Uri.UnescapeDataString(userInfo[0])}");
        }

        if (userInfo.Length > 1)
        {
            parts.Add($"Password={Uri.UnescapeDataString(userInfo[1])}");
        }

        return string.Join(';', parts);
    }
}

public enum StorageEngine
{
    DuckDb,
    Postgres,
}
