using Cairn.Core.Customers;
using Cairn.Core.Ingestion;
using Cairn.Core.Outbound;

namespace Cairn.Core.Tests;

public sealed class LoopMessageTemplateTests
{
    [Fact]
    public void Placeholders_AreFilledPerCustomer_AndUnknownOnesAreRefusedWhenWritten()
    {
        Assert.Equal("Hi Ana, you told us “slow refunds”.", LoopMessageTemplate.Render("Hi {{name}}, you told us {{ you_said }}.", " Ana ", "  slow\n\trefunds "));
        Assert.Equal("Hi there: your feedback", LoopMessageTemplate.Render("Hi {{name}}: {{you_said}}", null, "   "));

        var errors = new List<ItemError>();
        LoopMessageTemplate.Check("Hello {{first_name}}", "Body {{you_said}} {{ticket}}", errors);
        Assert.Equal(["subject", "body"], errors.Select(e => e.Field));
        errors.Clear();
        LoopMessageTemplate.Check("two\nlines", "", errors);
        Assert.Equal(["subject", "body"], errors.Select(e => e.Field));
        errors.Clear();
        LoopMessageTemplate.Check("You said, we did", "{{name}} {{you_said}}", errors);
        Assert.Empty(errors);
    }

    [Fact]
    public void ALongQuote_IsCutAtAWord_AndMarked()
    {
        var words = string.Join(' ', Enumerable.Repeat("waiting", 60));
        var quote = LoopMessageTemplate.Quote(words);
        Assert.EndsWith("waiting…”", quote, StringComparison.Ordinal);
        Assert.InRange(quote.Length, LoopMessageTemplate.QuoteLength / 2, LoopMessageTemplate.QuoteLength + 3);
        var unbroken = LoopMessageTemplate.Quote(new string('x', 1000));
        Assert.Equal(LoopMessageTemplate.QuoteLength + 3, unbroken.Length);
    }

    [Fact]
    public void ACustomerLinkToken_ReadsBack_AndFailsWithAnotherKeyOrATamperedPayload()
    {
        var key = new byte[32];
        key[0] = 7;
        var id = CustomerLinkToken.NewLinkId();
        var token = CustomerLinkToken.Create(key, CustomerLinkToken.Confirm, id);
        Assert.True(CustomerLinkToken.TryRead(token, out var purpose, out var linkId));
        Assert.Equal((CustomerLinkToken.Confirm, id), (purpose, linkId));
        Assert.True(CustomerLinkToken.IsSigned(key, token));
        Assert.False(CustomerLinkToken.IsSigned(new byte[32], token));
        var other = CustomerLinkToken.Create(key, CustomerLinkToken.Unsubscribe, id);
        Assert.False(CustomerLinkToken.IsSigned(key, other[..other.IndexOf('.', StringComparison.Ordinal)] + token[token.IndexOf('.', StringComparison.Ordinal)..]));
        foreach (var bad in new[] { null, "", ".", "abc", "!!!.sig", new string('a', 400) })
        {
            Assert.False(CustomerLinkToken.TryRead(bad, out _, out _));
        }
    }
}
