using Cairn.Core.Surveys;

namespace Cairn.Core.Tests.Surveys;

/// <summary>The builder's form model: what it writes is read back by the API's own rules.</summary>
public sealed class SurveyDraftTests
{
    [Theory]
    [InlineData("relationship-nps")]
    [InlineData("post-purchase-csat")]
    [InlineData("post-support-ces")]
    public void EveryTemplate_RoundTripsThroughTheForm(string name)
    {
        var template = SurveyTemplates.Find(name)!.Value;
        var problems = new List<string>();
        var json = SurveyDraft.From(template.Name, template.Definition).ToSurveyJs(problems);
        var back = SurveyJson.Import(json, problems);
        Assert.Empty(problems);
        Assert.Equal(SurveyJson.Export(template.Definition), SurveyJson.Export(back!));
        Assert.Equal(template.Kind, back!.Kind);
    }

    [Fact]
    public void AMultilingualNpsWithABranchedFollowUp_IsBuilt_AndBlankRowsAreLeftOut()
    {
        var draft = new SurveyDraft
        {
            Name = "Pulse",
            Title = "How are we doing?",
            TitleTranslations = "de: Wie machen wir uns?",
            Questions =
            [
                new QuestionDraft { Id = "nps", Type = "nps", Title = "How likely are you to recommend us?", Translations = "de: Wie wahrscheinlich empfehlen Sie uns?\nfr: Recommanderiez-vous ?", Required = true },
                new QuestionDraft { Id = "why", Type = "single", Title = "What went wrong?", Choices = "wait | Waiting\nstaff | Staff attitude\nOther", ShowIf = "{nps} <= 6" },
                new QuestionDraft { Type = "text" },
            ],
        };
        var problems = new List<string>();
        var definition = SurveyJson.Import(draft.ToSurveyJs(problems), problems);
        Assert.Empty(problems);
        Assert.Equal(SurveyKind.Nps, definition!.Kind);
        Assert.Equal(["nps", "why"], definition.Questions.Select(q => q.Id));
        Assert.Equal("Wie wahrscheinlich empfehlen Sie uns?", definition.Questions[0].Title.For("de-AT"));
        Assert.Equal("Wie machen wir uns?", definition.Title.For("de"));
        Assert.Equal((0, 10, true), (definition.Questions[0].Min, definition.Questions[0].Max, definition.Questions[0].Required));
        Assert.Equal(["wait", "staff", "Other"], definition.Questions[1].Choices.Select(c => c.Value));
        Assert.Equal("Staff attitude", definition.Questions[1].Choices[1].Text.For(null));
        Assert.False(definition.Questions[1].VisibleIf!.Holds(new Dictionary<string, AnswerValue> { ["nps"] = new(9, null, null) }));
        Assert.True(definition.Questions[1].VisibleIf!.Holds(new Dictionary<string, AnswerValue> { ["nps"] = new(3, null, null) }));
    }

    [Fact]
    public void MistakesAreNamed_ByTheFormsWordsAndTheApisRules()
    {
        var draft = new SurveyDraft
        {
            Name = "Broken",
            Questions =
            [
                new QuestionDraft { Id = "nps", Type = "nps", Title = "Recommend?", Translations = "German text without a locale", Max = "ten" },
                new QuestionDraft { Id = "follow", Type = "text", Title = "Why?", ShowIf = "{later} = 1" },
                new QuestionDraft { Id = "pick", Type = "single", Title = "Pick one" },
            ],
        };
        var problems = new List<string>();
        Assert.Null(SurveyJson.Import(draft.ToSurveyJs(problems), problems));
        Assert.Contains(problems, p => p.StartsWith("question 1 translations:", StringComparison.Ordinal));
        Assert.Contains("question 1 highest score: a whole number", problems);
        Assert.Contains(problems, p => p.Contains("'later' is not an earlier question", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("choices: 1 to 200 choices", StringComparison.Ordinal));
    }
}
