namespace Cairn.Testing;

/// <summary>The repository's tests/data folder (public data copied with its licence), found from the test binary.</summary>
public static class TestData
{
    public static string Path(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "tests", "data");
            if (Directory.Exists(candidate))
            {
                return System.IO.Path.Combine([candidate, .. parts]);
            }
        }

        throw new DirectoryNotFoundException("tests/data was not found above " + AppContext.BaseDirectory);
    }
}
