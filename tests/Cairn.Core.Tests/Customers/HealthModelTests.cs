using System.Text.Json;
using Cairn.Core.Customers;
using Cairn.Core.Ingestion;

namespace Cairn.Core.Tests.Customers;

public sealed class HealthModelTests
{
    private static readonly DateTime AsOf = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    private static HealthInputs Nothing(string id = "c") => new(id, null, null, null, null, 0, 0, 0, 0, null, AsOf.AddYears(-1), null, null);

    [Fact]
    public void ACustomerAboutWhomNothingIsKnown_IsHealthy_AtTheBase()
    {
        var health = HealthModel.Assess(Nothing(), AsOf);

        Assert.Equal((HealthModel.Base, HealthBand.Healthy, (RiskMoment?)null), (health.Score, health.Band, health.Moment));
        Assert.Equal("no activity in 90 days", Assert.Single(health.Contributions).Value);
        Assert.False(health.NeedsOutreach);
    }

    [Fact]
    public void ADetractorWithRepeatedContacts_IsAtRisk_AfterAFailedContact_AndEveryPointIsExplained()
    {
        var inputs = Nothing() with { LastNps = 2, SupportContacts = 3, Sentiment = -0.6, LastBadContactAt = AsOf.AddDays(-5), EventsBefore = 20, EventsRecent = 2 };

        var health = HealthModel.Assess(inputs, AsOf);

        // 70 - 21 (NPS 2) - 18 (3 contacts) - 9 (sentiment) - 8 (usage 2 against 10 usual)
        Assert.Equal(14, health.Score);
        Assert.Equal((HealthBand.AtRisk, RiskMoment.AfterFailedContact), (health.Band, health.Moment));
        Assert.Equal(health.Score, HealthModel.Base + health.Contributions.Sum(c => c.Points), 6);
        Assert.Equal(["Latest NPS answer", "Sentiment of what they wrote", "Support contacts", "Usage trend"], health.Contributions.Select(c => c.Input));
        Assert.True(health.NeedsOutreach);
    }

    [Fact]
    public void Moments_AreTheMostUrgentOne_AndOnlyWithinTheirWindows()
    {
        Assert.Equal(RiskMoment.BeforeRenewal, HealthModel.Moment(Nothing() with { RenewalAt = AsOf.AddDays(30), SignupAt = AsOf.AddDays(-10) }, AsOf));
        Assert.Equal(RiskMoment.EarlyOnboarding, HealthModel.Moment(Nothing() with { RenewalAt = AsOf.AddDays(90), SignupAt = AsOf.AddDays(-10) }, AsOf));
        Assert.Null(HealthModel.Moment(Nothing() with { LastBadContactAt = AsOf.AddDays(-31) }, AsOf));
        Assert.Null(HealthModel.Moment(Nothing() with { RenewalAt = AsOf.AddDays(-1) }, AsOf)); // a renewal passed is no longer ahead
        var watch = HealthModel.Assess(Nothing() with { LastNps = 5, RenewalAt = AsOf.AddDays(20) }, AsOf); // 70 - 10.5 - 5
        Assert.Equal((54.5, HealthBand.Watch, true), (watch.Score, watch.Band, watch.NeedsOutreach));
    }

    [Fact]
    public void Scores_StayWithin0And100()
    {
        var worst = HealthModel.Assess(Nothing() with { LastNps = 0, LastCsat = 1, LastCes = 7, Sentiment = -1, SupportContacts = 9, Returns = 9, EventsBefore = 50 }, AsOf);
        var best = HealthModel.Assess(Nothing() with { LastNps = 10, LastCsat = 5, LastCes = 1, Sentiment = 1, EventsBefore = 10, EventsRecent = 30 }, AsOf);
        Assert.Equal((0.0, 100.0), (worst.Score, best.Score));
    }

    [Fact]
    public void Auc_OfAHandCountedExample_AndTies()
    {
        HealthOutcome O(double score, bool churned) => new(score, false, churned, churned);

        // churned 10 and 20, stayed 30 and 15: of four pairs, three have the leaver lower.
        Assert.Equal(0.75, HealthValidation.Auc([O(10, true), O(20, true), O(30, false), O(15, false)], o => o.Churned).Auc);
        Assert.Equal(0.5, HealthValidation.Auc([O(10, true), O(10, false)], o => o.Churned).Auc);
        Assert.Null(HealthValidation.Auc([O(10, false), O(12, false)], o => o.Churned).Auc);
    }

    [Fact]
    public void Auc_AgreesWithCountingEveryPair()
    {
        var random = new Random(7);
        for (var round = 0; round < 50; round++)
        {
            var outcomes = Enumerable.Range(0, 1 + random.Next(60)).Select(_ => new HealthOutcome(random.Next(12) * 5, false, random.NextDouble() < 0.3, false)).ToList();
            var churned = outcomes.Where(o => o.Churned).ToList();
            var stayed = outcomes.Where(o => !o.Churned).ToList();
            var expected = churned.Count == 0 || stayed.Count == 0 ? (double?)null
                : churned.SelectMany(c => stayed, (c, s) => c.Score < s.Score ? 1.0 : c.Score.Equals(s.Score) ? 0.5 : 0).Average();

            var (auc, low, high) = HealthValidation.Auc(outcomes, o => o.Churned);

            Assert.Equal(expected ?? -1, auc ?? -1, 9);
            Assert.True(auc is null || (low <= auc && auc <= high));
        }
    }

    [Fact]
    public void Validation_ReportsLiftOfTheAtRiskList()
    {
        // 10 on the list, 5 of whom left; 90 others, 5 of whom left: 10% overall, 50% on the list.
        var outcomes = Enumerable.Range(0, 100).Select(i => new HealthOutcome(i, i < 10, i < 5 || i >= 95, i < 5)).ToList();

        var report = HealthValidation.Evaluate(outcomes, AsOf, 90);

        Assert.Equal((10.0, 50.0, 5.0), (report.All.Rate, report.AtRiskList.Rate, report.Lift!.Value));
        Assert.True(report.AtRiskList.Low < 50 && report.AtRiskList.High > 50);
        Assert.Equal(1.0, report.VoluntaryAuc); // every voluntary leaver scored below everyone who stayed
    }

    [Fact]
    public void RecordReading_RefusesLocalDates_UnknownCurrencies_AndAmountsWithoutACurrency()
    {
        var errors = new List<ItemError>();
        using var doc = JsonDocument.Parse("""
            [{"id":"a","customerId":"c","kind":"order","occurredAt":"03/04/2026","amount":1,"currency":"EUR"},
             {"id":"b","customerId":"c","kind":"Plan change","occurredAt":"2026-04-03","amount":"12.5","currency":"usd"},
             {"id":"c","customerId":"c","kind":"order","occurredAt":"2026-04-03","amount":1},
             {"id":"d","customerId":"c","kind":"order","occurredAt":"2026-04-03","amount":1,"currency":"XYZ"}]
            """);
        var read = doc.RootElement.EnumerateArray().Select((e, i) => CustomerRecord.Read(e, i, errors)).ToList();

        Assert.Equal([(0, "occurredAt"), (2, "currency"), (3, "currency")], errors.Select(e => (e.Index, e.Field)));
        Assert.Equal((RecordKind.PlanChange, 12.5, "USD"), (read[1]!.Kind, read[1]!.Amount!.Value, read[1]!.Currency));
    }
}
