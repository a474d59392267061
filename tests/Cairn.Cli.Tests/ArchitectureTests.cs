using System.Reflection;

namespace Cairn.Cli.Tests;

/// <summary>Pins DESIGN.md's dependency direction: Cli → Web → Storage → Core, and Core on the BCL only.</summary>
public sealed class ArchitectureTests
{
    private static readonly string[] Ours = ["Cairn.Core", "Cairn.Storage", "Cairn.Web", "cairn"];

    private static string[] References(string assembly) =>
        Assembly.Load(assembly).GetReferencedAssemblies().Select(a => a.Name!).ToArray();

    [Theory]
    [InlineData("Cairn.Core", new string[0])]
    [InlineData("Cairn.Storage", new[] { "Cairn.Core" })]
    [InlineData("Cairn.Web", new[] { "Cairn.Storage", "Cairn.Core" })]
    [InlineData("cairn", new[] { "Cairn.Web", "Cairn.Storage", "Cairn.Core" })]
    public void Project_ReferencesOnlyTheLayersBelowIt(string assembly, string[] allowed)
    {
        var ourReferences = References(assembly).Where(r => Ours.Contains(r)).ToList();
        Assert.All(ourReferences, r => Assert.Contains(r, allowed));
    }

    [Fact]
    public void Core_ReferencesNothingButTheBaseClassLibrary()
    {
        var outside = References("Cairn.Core").Where(r => !(r.StartsWith("System", StringComparison.Ordinal) || r == "netstandard" || r == "mscorlib")).ToList();
        Assert.Empty(outside);
    }
}
