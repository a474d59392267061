using Cairn.Core.Surveys;

namespace Cairn.Core.Tests.Surveys;

public sealed class ContactPolicyTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void ANewCustomer_IsEligible()
    {
        Assert.Equal(Eligibility.Yes, ContactPolicy.Default.Decide(new ContactHistory(null, 0, null, false), Now));
    }

    [Fact]
    public void EachRule_SaysWhyItRefuses()
    {
        var policy = new ContactPolicy { RecontactDays = 30, MaxPerPeriod = 2, PeriodDays = 90, RecurEveryDays = 90, ShowOnce = false };

        Assert.Equal("contacted 10 days ago; the recontact period is 30 days", policy.Decide(new(Now.AddDays(-10), 1, null, false), Now).Reason);
        Assert.Equal("already 2 surveys in the last 90 days (at most 2)", policy.Decide(new(Now.AddDays(-40), 2, null, false), Now).Reason);
        Assert.Equal("asked this survey 60 days ago; it recurs every 90 days", policy.Decide(new(Now.AddDays(-60), 1, Now.AddDays(-60), true), Now).Reason);
        Assert.True(policy.Decide(new(Now.AddDays(-91), 1, Now.AddDays(-91), true), Now).Eligible); // the relationship NPS comes round again
        Assert.Equal("already answered this survey, which is shown once", (policy with { ShowOnce = true }).Decide(new(Now.AddDays(-200), 0, Now.AddDays(-200), true), Now).Reason);
        Assert.Equal("the survey starts on 2026-12-01", (policy with { StartAt = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc) }).Decide(new(null, 0, null, false), Now).Reason);
        Assert.Equal("the survey stopped on 2026-11-01", (policy with { StopAt = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc) }).Decide(new(null, 0, null, false), Now).Reason);
    }

    [Fact]
    public void APolicy_RoundTripsAsJson_AndBadValuesAreNamed()
    {
        var policy = new ContactPolicy { RecontactDays = 7, RecurEveryDays = 90, ShowOnce = true };
        Assert.Equal(policy, ContactPolicy.FromJson(policy.ToJson()));
        Assert.Equal(ContactPolicy.Default, ContactPolicy.FromJson("not json"));
        Assert.Equal(["recontactDays: 0 to 3650", "recurEveryDays: 1 to 3650"], new ContactPolicy { RecontactDays = -1, RecurEveryDays = 0 }.Validate());
    }
}
