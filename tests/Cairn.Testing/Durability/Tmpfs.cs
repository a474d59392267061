using System.Diagnostics;

namespace Cairn.Testing.Durability;

/// <summary>A small RAM-backed volume (needs root, or CAP_SYS_ADMIN): a disk that fills up on demand, for the full-disk runs.</summary>
public sealed class Tmpfs : IDisposable
{
    private Tmpfs(string path) => Path = path;

    public string Path { get; }

    /// <summary>Mounts a tmpfs of <paramref name="megabytes"/> MB at a new folder under <paramref name="parent"/>; null with the reason when the system refuses.</summary>
    public static Tmpfs? TryMount(string parent, int megabytes, out string why)
    {
        var path = System.IO.Path.Combine(parent, "small-volume-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return Run("mount", ["-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", path], out why) ? new Tmpfs(path) : null;
    }

    /// <summary>Grows the volume (the disk is "freed"), so a database on it can open and write again.</summary>
    public bool Grow(int megabytes, out string why) => Run("mount", ["-t", "tmpfs", "-o", $"remount,size={megabytes}m", "tmpfs", Path], out why);

    public void Dispose() => Run("umount", ["-l", Path], out _);

    private static bool Run(string file, string[] arguments, out string why)
    {
        var info = new ProcessStartInfo(file, arguments) { RedirectStandardError = true, RedirectStandardOutput = true };
        try
        {
            using var process = Process.Start(info)!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            why = error.Trim();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            why = e.Message;
            return false;
        }
    }
}
