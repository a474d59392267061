using Cairn.Core.Surveys;

namespace Cairn.Core.Tests.Surveys;

public sealed class SurveyDefinitionTests
{
    private static SurveyDefinition Import(string json)
    {
        var problems = new List<string>();
        var definition = SurveyJson.Import(json, problems);
        Assert.Empty(problems);
        return definition!;
    }

    [Theory]
    [InlineData("relationship-nps")]
    [InlineData("post-purchase-csat")]
    [InlineData("post-support-ces")]
    public void Templates_RoundTripThroughSurveyJsJson(string name)
    {
        var template = SurveyTemplates.Find(name)!.Value.Definition;

        var again = Import(SurveyJson.Export(template));

        Assert.Equal(template.Questions.Select(q => (q.Id, q.Type, q.Required, q.Min, q.Max, q.VisibleIf?.Expression, q.Effort)),
            again.Questions.Select(q => (q.Id, q.Type, q.Required, q.Min, q.Max, q.VisibleIf?.Expression, q.Effort)));
        Assert.Equal(template.Questions[0].Title.For("de"), again.Questions[0].Title.For("de"));
        Assert.Equal(SurveyJson.Export(template), SurveyJson.Export(again));
    }

    [Fact]
    public void ASurveyJsDefinition_WithEveryTypeAndTranslations_IsRead()
    {
        var definition = Import("""
            {"title": {"default": "Visit", "de": "Besuch"},
             "pages": [{"elements": [
               {"type": "rating", "name": "nps", "rateMin": 0, "rateMax": 10, "isRequired": true, "title": {"default": "Recommend?", "de": "Empfehlen?"}},
               {"type": "rating", "name": "effort", "cairnType": "ces", "rateMin": 1, "rateMax": 7, "cairnEffort": "highIsEasy"},
               {"type": "radiogroup", "name": "visit", "choices": ["store", {"value": "web", "text": {"default": "Website", "de": "Webseite"}}]},
               {"type": "checkbox", "name": "topics", "choices": ["price", "staff"], "visibleIf": "{nps} <= 6 and {visit} = 'store'"},
               {"type": "comment", "name": "why", "maxLength": 500}
             ]}]}
            """);

        Assert.Equal([QuestionType.Nps, QuestionType.Ces, QuestionType.SingleChoice, QuestionType.MultipleChoice, QuestionType.Text], definition.Questions.Select(q => q.Type));
        Assert.Equal("Besuch", definition.Title.For("de-AT"));
        Assert.Equal("Visit", definition.Title.For("ja"));
        Assert.Equal("Webseite", definition.Questions[2].Choices[1].Text.For("de"));
        Assert.Equal(EffortOrientation.HighIsEasy, definition.Questions[1].Effort);
        Assert.Equal(500, definition.Questions[4].MaxLength);
    }

    [Fact]
    public void BadDefinitions_AreRefused_WithEveryProblemNamed()
    {
        var problems = new List<string>();
        var definition = SurveyJson.Import("""
            {"pages": [{"elements": [
              {"type": "rating", "name": "nps", "rateMin": 1, "rateMax": 5},
              {"type": "matrix", "name": "grid"},
              {"type": "comment", "name": "why", "visibleIf": "{later} > 3"},
              {"type": "comment", "name": "why"},
              {"type": "radiogroup", "name": "pick", "choices": []},
              {"type": "text", "name": "bad name!"}
            ]}]}
            """, problems);

        Assert.Null(definition);
        Assert.Equal([
            "pages[0].elements[0]: an NPS question is rated 0-10",
            "pages[0].elements[1]: question type 'matrix' is not supported; use rating, radiogroup, dropdown, checkbox, comment or text",
            "pages[0].elements[2].visibleIf: 'later' is not an earlier question",
            "pages[0].elements[3]: the name 'why' is used twice",
            "pages[0].elements[4].choices: 1 to 200 choices",
            "pages[0].elements[5]: \"name\" must be 1-100 letters, digits, _ or -",
        ], problems);
        Assert.Single(SurveyJsonProblems("not json"));
        Assert.Equal(["the survey has no questions: put them under pages[].elements"], SurveyJsonProblems("{}"));
    }

    private static List<string> SurveyJsonProblems(string json)
    {
        var problems = new List<string>();
        SurveyJson.Import(json, problems);
        return problems;
    }

    [Fact]
    public void Branching_ShowsTheFollowUpOnlyWhenTheConditionHolds()
    {
        var ces = SurveyTemplates.PostSupportCes;
        Assert.DoesNotContain(ces.Visible(new Dictionary<string, AnswerValue> { ["ces"] = AnswerValue.Of(2) }), q => q.Id == "why");
        Assert.Contains(ces.Visible(new Dictionary<string, AnswerValue> { ["ces"] = AnswerValue.Of(6) }), q => q.Id == "why");
        Assert.DoesNotContain(ces.Visible(new Dictionary<string, AnswerValue>()), q => q.Id == "why");
        Assert.Null(Condition.Parse("{a} ~ 3", out var error));
        Assert.StartsWith("cannot read the condition", error);
    }

    [Fact]
    public void Answers_AreCheckedAgainstTheDefinition()
    {
        var definition = Import("""
            {"elements": [
              {"type": "rating", "name": "nps", "rateMin": 0, "rateMax": 10, "isRequired": true},
              {"type": "comment", "name": "why", "maxLength": 20, "visibleIf": "{nps} <= 6"},
              {"type": "radiogroup", "name": "visit", "choices": ["store", "web"]}
            ]}
            """);
        Dictionary<string, AnswerValue> A(params (string, AnswerValue)[] a) => a.ToDictionary(x => x.Item1, x => x.Item2);

        Assert.Empty(AnswerValidation.Validate(definition, A(("nps", AnswerValue.Of(3)), ("why", AnswerValue.Of("Too slow"))), complete: true));
        Assert.Equal(["nps: must be a whole number from 0 to 10"], Messages(definition, A(("nps", AnswerValue.Of(11)))));
        Assert.Equal(["nps: must be a whole number from 0 to 10"], Messages(definition, A(("nps", AnswerValue.Of(7.5)))));
        Assert.Equal(["why: is hidden by its condition ({nps} <= 6) and cannot be answered"], Messages(definition, A(("nps", AnswerValue.Of(9)), ("why", AnswerValue.Of("Great")))));
        Assert.Equal(["why: is 27 characters; at most 20 are kept, so shorten it"], Messages(definition, A(("nps", AnswerValue.Of(2)), ("why", AnswerValue.Of("<script>x</script> too long")))));
        Assert.Equal(["visit: 'mall' is not one of the choices"], Messages(definition, A(("nps", AnswerValue.Of(2)), ("visit", AnswerValue.Of("mall")))));
        Assert.Equal(["shoe: is not a question of this survey"], Messages(definition, A(("nps", AnswerValue.Of(2)), ("shoe", AnswerValue.Of(1)))));
        Assert.Equal(["nps: is required"], Messages(definition, A()));
        Assert.Empty(AnswerValidation.Validate(definition, A(), complete: false)); // a partial response may stop anywhere
    }

    private static List<string> Messages(SurveyDefinition definition, Dictionary<string, AnswerValue> answers) =>
        AnswerValidation.Validate(definition, answers, complete: true).Select(e => $"{e.Field}: {e.Message}").ToList();
}
