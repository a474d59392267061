using Cairn.Core.Text;

namespace Cairn.Core.Tests.Text;

public sealed class SentimentRulesTests
{
    private static double Score(string text) => SentimentAnalyzer.Default.Analyze(text).Score;

    [Fact]
    public void Plain_words_carry_their_polarity()
    {
        Assert.Equal("positive", SentimentAnalyzer.Default.Analyze("The agent was helpful.").Label);
        Assert.Equal("negative", SentimentAnalyzer.Default.Analyze("The agent was rude.").Label);
        Assert.Equal("neutral", SentimentAnalyzer.Default.Analyze("I called on Tuesday about my account.").Label);
    }

    [Fact]
    public void Negation_flips_and_softens()
    {
        Assert.True(Score("The service was not bad.") > 0);
        Assert.True(Score("The service was not good.") < 0);
        Assert.True(Score("The app isn't great.") < 0);
        Assert.True(Score("Never had a good experience with billing.") < 0);
    }

    [Fact]
    public void Intensifiers_raise_and_dampeners_lower()
    {
        var plain = Score("The staff were helpful.");
        Assert.True(Score("The staff were very helpful.") > plain);
        Assert.True(Score("The staff were slightly helpful.") < plain);
        Assert.True(Score("The staff were kind of helpful.") < plain);
    }

    [Fact]
    public void But_makes_the_second_clause_count_more()
    {
        Assert.True(Score("The price is good, but the service is terrible.") < 0);
        Assert.True(Score("The service is terrible, but the price is good.") > 0);
    }

    [Fact]
    public void Capitals_and_exclamation_marks_add_emphasis()
    {
        var plain = Score("The delivery was awful.");
        Assert.True(Score("The delivery was AWFUL.") < plain);
        Assert.True(Score("The delivery was awful!!!") < plain);
    }

    [Fact]
    public void Emoticons_and_emoji_count()
    {
        Assert.True(Score("Order arrived :)") > 0);
        Assert.True(Score("Order arrived :(") < 0);
        Assert.True(Score("Order arrived 😁") > 0);
        Assert.True(Score("Order arrived 😠") < 0);
    }

    [Fact]
    public void A_negation_belongs_to_the_nearest_rated_word()
    {
        // VADER lets the first "don't" negate the second "care" again, turning the repeat into praise.
        Assert.True(Score("don't care don't care") <= Score("don't care"));
        Assert.True(Score("No no no, the refund never came") < 0);
        Assert.True(Score("no no no") < 0);
        Assert.True(Score("The agent was not very helpful.") < 0);
        Assert.True(Score("It was kind of helpful.") < Score("It was helpful."));
    }

    [Fact]
    public void A_rated_word_before_another_only_says_how_much()
    {
        // "super" alone is praise; before "stupid" it intensifies (VADER sums the two into praise).
        Assert.True(Score("The new checkout is super stupid.") < Score("The new checkout is stupid."));
        Assert.True(Score("The agent was super.") > 0);
        Assert.True(Score("That was terribly helpful, thank you.") > Score("That was helpful, thank you."));
        // A repeat is each word again, not "very damn": three curses sum to −5.1 (−0.80).
        Assert.True(Score("damn damn damn") < -0.75);
    }

    [Fact]
    public void Cant_wait_is_eagerness_unless_it_is_impatience()
    {
        Assert.True(Score("Can't wait for the new app!") > 0.3);
        Assert.True(Score("I can't wait any longer for a refund") <= 0);
        Assert.True(Score("We can't wait forever.") <= 0);
    }

    [Fact]
    public void An_emoticon_in_capitals_keeps_its_own_meaning()
    {
        // VADER's lexicon is lower-cased: "D:" (horror) and "d:" (a tongue out) collide, and upstream keeps the latter.
        Assert.True(Score("Lost my luggage again D:") < 0);
        Assert.True(Score("Lost my luggage again D=") < 0);
        Assert.True(Score("See you there d:") > 0);
    }

    [Fact]
    public void Html_entities_in_scraped_text_are_read_as_their_characters()
    {
        Assert.Equal(Score("Thanks for the quick fix <3"), Score("Thanks for the quick fix &lt;3"), 6);
        Assert.True(Score("Still waiting for my refund &gt;:(") < Score("Still waiting for my refund"));
    }

    [Fact]
    public void Stretched_words_read_as_the_word()
    {
        Assert.True(Score("The new app is goooood") > 0);
    }

    [Fact]
    public void CX_vocabulary_that_VADER_lacks_is_rated()
    {
        Assert.True(Score("Another outage tonight.") < 0);
        Assert.True(Score("I was overcharged.") < 0);
        var vader = new SentimentAnalyzer(SentimentModel.VaderReference);
        Assert.Equal(0, vader.Analyze("I was overcharged.").Score);
    }

    [Fact]
    public void A_comment_with_praise_and_complaint_is_mixed_with_sentence_scores()
    {
        var text = "The engineer was brilliant and friendly. The bill is a disgrace and nobody answers the phone!";
        var result = SentimentAnalyzer.Default.Analyze(text);
        Assert.True(result.Mixed);
        Assert.Equal(2, result.Sentences.Count);
        Assert.True(result.Sentences[0].Score > 0.25);
        Assert.True(result.Sentences[1].Score < -0.25);
        Assert.Equal("The engineer was brilliant and friendly.", text.Substring(result.Sentences[0].Start, result.Sentences[0].Length));
        Assert.False(SentimentAnalyzer.Default.Analyze("Great staff. Great price.").Mixed);
    }

    [Fact]
    public void Negation_stays_in_its_sentence_and_support_is_a_department()
    {
        // VADER lets "never" reach "awful" in the next sentence and rates "support" as praise.
        Assert.True(Score("Support never answers. Awful.") < 0);
        Assert.True(Score("The app keeps crashing and tech support never answers.") < 0);
        Assert.True(new SentimentAnalyzer(SentimentModel.VaderReference).Analyze("Support never answers. Awful.").Score > 0); // the reference keeps VADER's behaviour
    }

    [Fact]
    public void Empty_and_blank_text_is_neutral()
    {
        Assert.Equal(SentimentResult.Empty, SentimentAnalyzer.Default.Analyze(""));
        Assert.Equal(SentimentResult.Empty, SentimentAnalyzer.Default.Analyze("   \n\t "));
        Assert.Equal(SentimentResult.Empty, SentimentAnalyzer.Default.Analyze((string?)null));
    }
}
