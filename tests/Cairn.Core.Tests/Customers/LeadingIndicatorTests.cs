using Cairn.Core.Customers;

namespace Cairn.Core.Tests.Customers;

public sealed class LeadingIndicatorTests
{
    private static readonly DateTime CutOff = new(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc);

    private static HealthInputs Customer(int i, int contacts = 0, double? nps = null) =>
        new($"c{i}", nps, null, null, null, contacts, 10, 10, 0, null, CutOff.AddYears(-2), null, 30);

    [Fact]
    public void ASignal_IsTheChurnOfThoseWhoShowedIt_OverTheChurnOfTheRest_StrongestFirst()
    {
        var customers = new List<(HealthInputs, bool, bool)>();
        for (var i = 0; i < 20; i++)
        {
            customers.Add((Customer(i, contacts: 3), i < 10, i < 8)); // 10 of 20 with contacts leave (8 by choice)
        }

        for (var i = 20; i < 100; i++)
        {
            customers.Add((Customer(i, nps: i < 40 ? 3 : 9), i < 28, i < 28)); // 8 of 80 without contacts leave
        }

        var report = LeadingIndicators.Evaluate(customers, CutOff, 90);

        Assert.Equal((100L, 18L), (report.Customers, report.Churned));
        var contacts = report.Indicators[0];
        Assert.Equal("support_contacts", contacts.Key); // the strongest comes first
        Assert.Equal((20L, 50.0, 10.0), (contacts.Churn.Exposed, contacts.Churn.ExposedRate, contacts.Churn.OtherRate));
        Assert.Equal(5.0, contacts.Churn.Lift!.Value, 9);
        Assert.True(contacts.Churn.Significant);
        Assert.Equal(8.0 / 20 / (8.0 / 80), contacts.VoluntaryChurn.Lift!.Value, 9); // 8 of 20 against 8 of 80 left by choice

        var detractor = report.Indicators.Single(i => i.Key == "detractor"); // customers 20-39: 8 of 20 left, against 10 of 80
        Assert.Equal(8.0 / 20 / (10.0 / 80), detractor.Churn.Lift!.Value, 9);
        Assert.Null(report.Indicators.Single(i => i.Key == "returns").Churn.Lift); // nobody showed it: no lift is invented
    }
}
