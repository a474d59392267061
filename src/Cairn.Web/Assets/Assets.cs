namespace Cairn.Web;

/// <summary>Static assets embedded in the assembly, so the server needs no files beside it.</summary>
internal static class Assets
{
    public static readonly string Css = Read("app.css");

    private static string Read(string name)
    {
        using var stream = typeof(Assets).Assembly.GetManifestResourceStream("Cairn.Web.Assets." + name)
            ?? throw new InvalidOperationException($"missing embedded asset {name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
