using System.Diagnostics;
using System.Text.Json;
using Cairn.Storage;

namespace Cairn.Cli.Serve;

/// <summary>
/// While <c>cairn serve</c> runs on a DuckDB file it writes <c>FILE.server.json</c> beside it (owner-only):
/// its address and a key that lives only in that process. DuckDB lets one process write a file, so
/// other verbs that change data find the running server here and send through its API instead.
/// </summary>
public sealed record ServerInfo(string Url, string Key, int Pid)
{
    public static string PathFor(StorageLocation location) => location.FilePath + ".server.json";

    public static void Write(StorageLocation location, ServerInfo info)
    {
        var path = PathFor(location);
        File.WriteAllText(path, JsonSerializer.Serialize(info));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    public static void Remove(StorageLocation location) => File.Delete(PathFor(location));

    /// <summary>The running server for this file, or null when none is (a stale file from a killed server is ignored).</summary>
    public static ServerInfo? Find(StorageLocation location)
    {
        if (location.Engine != StorageEngine.DuckDb || !File.Exists(PathFor(location)))
        {
            return null;
        }

        try
        {
            var info = JsonSerializer.Deserialize<ServerInfo>(File.ReadAllText(PathFor(location)));
            if (info is null)
            {
                return null;
            }

            using var process = Process.GetProcessById(info.Pid);
            return process.HasExited ? null : info;
        }
        catch (Exception e) when (e is ArgumentException or JsonException or IOException or InvalidOperationException)
        {
            return null;
        }
    }
}
