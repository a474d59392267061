using Cairn.Core.Surveys;

namespace Cairn.Core.Tests.Surveys;

public sealed class SurveyQuotaTests
{
    private static readonly SurveyDefinition Survey = SurveyJson.Import("""
        {"pages": [{"elements": [
          {"type": "rating", "name": "nps", "rateMin": 0, "rateMax": 10},
          {"type": "checkbox", "name": "topics", "choices": ["price", "network", "staff"]},
          {"type": "comment", "name": "why"}]}]}
        """, [])!;

    [Fact]
    public void AScoreRange_AndAChoice_MatchWhatTheySay()
    {
        var problems = new List<string>();
        var quotas = SurveyQuota.Parse("""[{"name": "detractors", "question": "nps", "max": 6, "limit": 10}, {"name": "network", "question": "topics", "value": "network", "limit": 5}]""", Survey, problems)!;
        Assert.Empty(problems);
        Assert.True(quotas[0].Matches(new Dictionary<string, AnswerValue> { ["nps"] = AnswerValue.Of(0) }));
        Assert.True(quotas[0].Matches(new Dictionary<string, AnswerValue> { ["nps"] = AnswerValue.Of(6) }));
        Assert.False(quotas[0].Matches(new Dictionary<string, AnswerValue> { ["nps"] = AnswerValue.Of(7) }));
        Assert.False(quotas[0].Matches(new Dictionary<string, AnswerValue>()));
        Assert.True(quotas[1].Matches(new Dictionary<string, AnswerValue> { ["topics"] = AnswerValue.OfChoices(["price", "network"]) }));
        Assert.False(quotas[1].Matches(new Dictionary<string, AnswerValue> { ["topics"] = AnswerValue.OfChoices(["staff"]) }));
        Assert.True(quotas[1].Matches(new Dictionary<string, AnswerValue> { ["topics"] = AnswerValue.Of("price\nnetwork") })); // as a resumed response holds it
        Assert.False(quotas[1].Matches(new Dictionary<string, AnswerValue> { ["topics"] = AnswerValue.Of("networks") }));
        Assert.Equal("nps …-6", quotas[0].Describe());
        Assert.Equal(quotas, SurveyQuota.Parse(SurveyQuota.ToJson(quotas), Survey, []));
    }

    [Fact]
    public void BadQuotas_AreNamedByPosition()
    {
        var problems = new List<string>();
        Assert.Null(SurveyQuota.Parse("""[{"name": "a", "question": "topics", "value": "wifi", "limit": 1}, {"name": "A", "question": "nps", "min": 3, "max": 2, "limit": 2.5}, 7]""", Survey, problems));
        Assert.Contains(problems, p => p.StartsWith("[0]: a quota on the choice 'topics' takes \"value\", one of price, network, staff", StringComparison.Ordinal));
        Assert.Contains("[1].name: 'A' is used twice", problems);
        Assert.Contains("[1].limit: a whole number from 1 to 10,000,000", problems);
        Assert.Contains(problems, p => p.StartsWith("[1]: min and max within 0-10", StringComparison.Ordinal));
        Assert.Contains("[2]: each quota is an object", problems);
        Assert.Contains("send a JSON array of quotas (an empty one removes them)", Problems("{}"));
    }

    private static List<string> Problems(string json)
    {
        var problems = new List<string>();
        SurveyQuota.Parse(json, Survey, problems);
        return problems;
    }
}
