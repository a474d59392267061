using Cairn.Core.Exports;

namespace Cairn.Core.Tests;

public sealed class SpreadsheetSafeTests
{
    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+49 30 1234", "'+49 30 1234")]
    [InlineData("-2", "'-2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "'\rx")]
    [InlineData("c-1", "c-1")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void FormulaStarts_AreNeutralised_AndOtherTextIsKept(string? value, string expected) =>
        Assert.Equal(expected, SpreadsheetSafe.Cell(value));
}
