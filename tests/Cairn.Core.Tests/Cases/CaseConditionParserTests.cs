using Cairn.Core.Cases;

namespace Cairn.Core.Tests.Cases;

public sealed class CaseConditionParserTests
{
    [Theory]
    [InlineData("nps <= 6", CaseSource.Score, "nps <= 6")]
    [InlineData("NPS<=6", CaseSource.Score, "nps <= 6")]
    [InlineData("ces >= 5 AND touchpoint = 'Support call'", CaseSource.Score, "ces >= 5 and touchpoint = \"Support call\"")]
    [InlineData("source = Review and sentiment = NEGATIVE and theme = \"Billing and price\"", CaseSource.Feedback, "source = review and sentiment = negative and theme = \"Billing and price\"")]
    [InlineData("sentiment < -0.5 and segment <> enterprise", CaseSource.Feedback, "sentiment < -0.5 and segment != enterprise")]
    [InlineData("emotion == frustration and channel = phone", CaseSource.Feedback, "emotion = frustration and channel = phone")]
    [InlineData("csat <= 2 and plan = basic", CaseSource.Score, "csat <= 2 and plan = basic")]
    public void ReadsRules_AndWritesThemBackCanonically(string text, CaseSource source, string canonical)
    {
        var problems = new List<string>();
        var condition = CaseConditionParser.Parse(text, problems);
        Assert.Empty(problems);
        Assert.NotNull(condition);
        Assert.Equal(source, condition.Source);
        Assert.Equal(canonical, condition.ToString());
        Assert.Equal(canonical, CaseConditionParser.Parse(canonical, problems)!.ToString()); // the canonical form reads back as itself
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("nps <=", "incomplete comparison")]
    [InlineData("nps <= 6 and", "ends with 'and'")]
    [InlineData("nps <= 6 or ces >= 5", "'or' is not supported")]
    [InlineData("nps <= 11", "nps compares with a number from 0 to 10")]
    [InlineData("nps <= low", "nps compares with a number")]
    [InlineData("score <= 6", "unknown field 'score'")]
    [InlineData("nps <= 6 and ces >= 5", "one score question")]
    [InlineData("nps <= 6 and sentiment = negative", "either a score")]
    [InlineData("touchpoint = 'Support call'", "needs a score")]
    [InlineData("sentiment > negative", "sentiment is a score from -1 to 1")]
    [InlineData("sentiment < -2", "from -1 to 1")]
    [InlineData("source = fax", "unknown feedback source 'fax'")]
    [InlineData("theme > billing", "theme compares with = or != only")]
    [InlineData("theme = 'billing", "unclosed quote")]
    [InlineData("nps ~ 6", "unexpected '~'")]
    [InlineData("nps is 6", "expected an operator")]
    [InlineData("nps <= 6 ces >= 5", "expected 'and'")]
    public void RefusesBadRules_SayingWhy(string text, string expected)
    {
        var problems = new List<string>();
        Assert.Null(CaseConditionParser.Parse(text, problems));
        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void StatusFlow_MovesForward_AndReopensOnlyFromResolved()
    {
        Assert.True(CaseStatus.CanMove(CaseStatus.New, CaseStatus.Contacted));
        Assert.True(CaseStatus.CanMove(CaseStatus.Contacted, CaseStatus.Resolved));
        Assert.True(CaseStatus.CanMove(CaseStatus.Resolved, CaseStatus.InProgress));
        Assert.False(CaseStatus.CanMove(CaseStatus.Contacted, CaseStatus.New));
        Assert.False(CaseStatus.CanMove(CaseStatus.Resolved, CaseStatus.New));
        Assert.False(CaseStatus.CanMove(CaseStatus.New, CaseStatus.New));
        Assert.False(CaseStatus.CanMove(CaseStatus.New, "closed"));
    }
}
