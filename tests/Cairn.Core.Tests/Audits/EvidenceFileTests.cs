using System.Text;
using Cairn.Core.Audits;

namespace Cairn.Core.Tests.Audits;

public sealed class EvidenceFileTests
{
    [Theory]
    [InlineData("89504E470D0A1A0A0000", "image/png")]
    [InlineData("FFD8FFE000104A464946", "image/jpeg")]
    [InlineData("524946460000000057454250", "image/webp")]
    [InlineData("474946383961", "image/gif")]
    [InlineData("255044462D312E37", "application/pdf")]
    public void Detect_ReadsTheTypeFromTheFirstBytes(string hex, string type) => Assert.Equal(type, EvidenceFile.Detect(Convert.FromHexString(hex)));

    [Theory]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>")]
    [InlineData("<!doctype html><html><script>alert(1)</script>")]
    [InlineData("PK\u0003\u0004 a zip or docx")]
    [InlineData("%PD")]
    public void ScriptablePagesAndOtherFiles_AreRefused(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Assert.Null(EvidenceFile.Detect(bytes));
        Assert.Equal("evidence is a PNG, JPEG, WebP or GIF image or a PDF; this file is none of them", EvidenceFile.Problem(bytes));
    }

    [Fact]
    public void EmptyAndOversizedFiles_AreRefusedWithTheirReason()
    {
        Assert.Equal("the file is empty", EvidenceFile.Problem([]));
        var big = new byte[EvidenceFile.MaxBytes + 1];
        Convert.FromHexString("89504E470D0A1A0A").CopyTo(big, 0);
        Assert.Equal("the file is 5.0 MB; evidence is at most 5 MB", EvidenceFile.Problem(big));
        Assert.Null(EvidenceFile.Problem(big.AsSpan(0, EvidenceFile.MaxBytes)));
    }
}
