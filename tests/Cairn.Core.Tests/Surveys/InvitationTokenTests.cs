using Cairn.Core.Surveys;

namespace Cairn.Core.Tests.Surveys;

public sealed class InvitationTokenTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private static readonly DateTime Now = new(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void AToken_ReadsBack_UntilItExpires()
    {
        var token = InvitationToken.Create(Key, 42, "iabc123", Now.AddDays(30));

        Assert.Equal(InvitationToken.Problem.None, InvitationToken.Read(Key, token, Now, out var survey, out var invitation));
        Assert.Equal((42L, "iabc123"), (survey, invitation));
        Assert.Equal(InvitationToken.Problem.Expired, InvitationToken.Read(Key, token, Now.AddDays(31), out _, out _));
        Assert.DoesNotContain("+", token);
        Assert.DoesNotContain("/", token);
    }

    [Fact]
    public void Forged_Retargeted_OrMangledTokens_AreRefused()
    {
        var token = InvitationToken.Create(Key, 42, "iabc123", Now.AddDays(30));
        var other = InvitationToken.Create(Key, 43, "iabc123", Now.AddDays(30));
        var retargeted = other.Split('.')[0] + "." + token.Split('.')[1]; // survey 43's payload with survey 42's signature

        Assert.Equal(InvitationToken.Problem.Tampered, InvitationToken.Read(Key, retargeted, Now, out _, out _));
        Assert.Equal(InvitationToken.Problem.Tampered, InvitationToken.Read([.. Key.Reverse()], token, Now, out _, out _));
        Assert.Equal(InvitationToken.Problem.Malformed, InvitationToken.Read(Key, "nonsense", Now, out _, out _));
        Assert.Equal(InvitationToken.Problem.Malformed, InvitationToken.Read(Key, "a.!!!", Now, out _, out _));
        Assert.Equal(InvitationToken.Problem.Malformed, InvitationToken.Read(Key, null, Now, out _, out _));
        Assert.NotEqual(InvitationToken.NewInvitationId(), InvitationToken.NewInvitationId());
    }
}
