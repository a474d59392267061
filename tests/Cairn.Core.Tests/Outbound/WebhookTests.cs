using System.Net;
using Cairn.Core.Outbound;

namespace Cairn.Core.Tests.Outbound;

public sealed class WebhookTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Signature_IsHmacSha256OverTimestampAndBody_AndVerifies()
    {
        var header = WebhookSignature.Sign("whsec_test", At, """{"a":1}""");

        // Reference value: printf '1793534400.{"a":1}' | openssl dgst -sha256 -hmac whsec_test
        Assert.Equal("t=1793534400,v1=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData("whsec_test"u8, "1793534400.{\"a\":1}"u8)), header);
        Assert.True(WebhookSignature.Verify("whsec_test", header, """{"a":1}""", At.AddMinutes(4)));
        Assert.False(WebhookSignature.Verify("whsec_test", header, """{"a":2}""", At));          // body changed
        Assert.False(WebhookSignature.Verify("whsec_other", header, """{"a":1}""", At));         // wrong secret
        Assert.False(WebhookSignature.Verify("whsec_test", header, """{"a":1}""", At.AddMinutes(6))); // replayed late
        Assert.False(WebhookSignature.Verify("whsec_test", "v1=abc", """{"a":1}""", At));
        Assert.StartsWith("whsec_", WebhookSignature.NewSecret(), StringComparison.Ordinal);
        Assert.NotEqual(WebhookSignature.NewSecret(), WebhookSignature.NewSecret());
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.1.2.3")]
    [InlineData("172.20.0.1")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("::1")]
    [InlineData("fd00::1")]
    [InlineData("fe80::1")]
    [InlineData("::ffff:10.0.0.1")]
    public void PrivateAddresses_AreRecognised(string address) => Assert.True(WebhookTarget.IsPrivate(IPAddress.Parse(address)));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700:4700::1111")]
    public void PublicAddresses_AreNot(string address) => Assert.False(WebhookTarget.IsPrivate(IPAddress.Parse(address)));

    [Theory]
    [InlineData("https://hooks.example.com/cairn", false, null)]
    [InlineData("http://127.0.0.1:9000/hook", false, "private")]
    [InlineData("http://localhost/hook", false, "private")]
    [InlineData("http://[::1]/hook", false, "private")]
    [InlineData("http://169.254.169.254/latest/meta-data", false, "private")]
    [InlineData("http://127.0.0.1:9000/hook", true, null)]
    [InlineData("ftp://example.com/x", false, "http or https")]
    [InlineData("https://user:pw@example.com/x", false, "credentials")]
    [InlineData("/relative", false, "http or https")]
    [InlineData("", false, "http or https")]
    public void Targets_AreChecked(string url, bool allowPrivate, string? problem)
    {
        var found = WebhookTarget.Problem(url, allowPrivate);
        if (problem is null)
        {
            Assert.Null(found);
        }
        else
        {
            Assert.Contains(problem, found, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Retries_BackOff_ThenStop()
    {
        var t = At.UtcDateTime;
        Assert.Equal(t.AddMinutes(1), WebhookEvents.NextAttempt(1, t));
        Assert.Equal(t.AddMinutes(5), WebhookEvents.NextAttempt(2, t));
        Assert.Equal(t.AddMinutes(30), WebhookEvents.NextAttempt(3, t));
        Assert.Equal(t.AddHours(2), WebhookEvents.NextAttempt(4, t));
        Assert.Equal(t.AddHours(12), WebhookEvents.NextAttempt(5, t));
        Assert.Null(WebhookEvents.NextAttempt(WebhookEvents.MaxAttempts, t));
    }
}
