namespace Cairn.Core.Text;

/// <summary>
/// Emotions that matter in CX, each a set of phrases matched like themes but skipped when
/// negated ("not angry"). Cairn's own word lists: a permissively licensed emotion lexicon
/// for English does not exist in a form we may ship.
/// </summary>
public static class Emotions
{
    public static IReadOnlyList<ThemeDefinition> All { get; } =
    [
        new("frustration", ["frustrated", "frustrating", "frustration", "angry", "anger", "furious", "annoyed", "annoying", "irritated", "irritating", "fed up", "sick of", "sick and tired", "ridiculous", "unacceptable", "outrageous", "outraged", "livid", "infuriating", "fuming", "joke", "nightmare", "had enough", "waste of time"]),
        new("confusion", ["confused", "confusing", "confusion", "unclear", "don't understand", "didn't understand", "do not understand", "no idea", "makes no sense", "make sense", "puzzled", "baffled", "baffling", "not sure how", "unsure", "contradict", "contradictory", "misleading"]),
        new("disappointment", ["disappointed", "disappointing", "disappointment", "let down", "letdown", "expected better", "expected more", "shame", "pity", "unfortunately", "underwhelming", "underwhelmed", "regret", "used to be good", "not what i expected"]),
        new("delight", ["thank", "thanks", "thank you", "grateful", "gratitude", "appreciate", "appreciated", "delighted", "delightful", "love", "loved", "amazing", "fantastic", "wonderful", "brilliant", "impressed", "awesome", "above and beyond", "superb", "excellent", "happy"]),
        new("worry", ["worried", "worry", "worrying", "concerned", "concern", "anxious", "nervous", "afraid", "scared", "fear", "uncertain", "what if", "hope it", "stressful", "stressed", "panic"]),
    ];

    public static ThemeTaxonomy Taxonomy { get; } = ThemeTaxonomy.Compile(All);
}
