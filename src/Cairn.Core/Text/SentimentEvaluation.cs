namespace Cairn.Core.Text;

/// <summary>A labelled text: the human rating (any symmetric scale around 0) or a class.</summary>
public readonly record struct GoldText(double? Rating, string? Label, string Text);

/// <summary>
/// How well a sentiment model agrees with human judgement: Pearson r between its score and
/// the mean human rating (when ratings are numbers), and 3-class accuracy and macro-F1. A
/// rating counts as neutral within <see cref="NeutralShare"/> of the scale's reach of zero
/// (half a point on VADER's −4..+4); the model's neutral band is <see cref="SentimentResult.NeutralBand"/>.
/// </summary>
public sealed record SentimentEvaluation(int N, double? Pearson, double Accuracy, double MacroF1, IReadOnlyDictionary<string, double> F1ByClass)
{
    public const double NeutralShare = 0.125;

    public static readonly string[] Classes = ["negative", "neutral", "positive"];

    public static SentimentEvaluation Run(IReadOnlyList<GoldText> gold, SentimentAnalyzer analyzer)
    {
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(analyzer);
        var reach = gold.Where(g => g.Rating.HasValue).Select(g => Math.Abs(g.Rating!.Value)).DefaultIfEmpty(1).Max();
        var scale = reach > 1 ? 4.0 : 1.0;
        var scores = new double[gold.Count];
        var confusion = new int[3, 3];
        for (var i = 0; i < gold.Count; i++)
        {
            scores[i] = analyzer.Analyze(gold[i].Text).Score;
            var expected = gold[i].Label ?? ClassOf(gold[i].Rating ?? 0, scale * NeutralShare);
            confusion[Array.IndexOf(Classes, expected), Array.IndexOf(Classes, SentimentResult.LabelOf(scores[i]))]++;
        }

        double? pearson = gold.Count > 2 && gold.All(g => g.Rating.HasValue)
            ? Correlation([.. gold.Select(g => g.Rating!.Value)], scores)
            : null;
        var f1 = new Dictionary<string, double>(StringComparer.Ordinal);
        var correct = 0;
        for (var c = 0; c < 3; c++)
        {
            correct += confusion[c, c];
            int predicted = 0, actual = 0;
            for (var k = 0; k < 3; k++)
            {
                predicted += confusion[k, c];
                actual += confusion[c, k];
            }

            var precision = predicted == 0 ? 0 : (double)confusion[c, c] / predicted;
            var recall = actual == 0 ? 0 : (double)confusion[c, c] / actual;
            f1[Classes[c]] = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        }

        return new SentimentEvaluation(gold.Count, pearson, gold.Count == 0 ? 0 : (double)correct / gold.Count, f1.Values.Average(), f1);
    }

    public static string ClassOf(double rating, double neutralBand) =>
        rating >= neutralBand ? "positive" : rating <= -neutralBand ? "negative" : "neutral";

    public static double Correlation(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var mx = x.Average();
        var my = y.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Count; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }

        return sxx == 0 || syy == 0 ? 0 : sxy / Math.Sqrt(sxx * syy);
    }

    /// <summary>
    /// Reads a labelled file: one text per line, tab-separated, as <c>id, rating, text</c>
    /// (the VADER gold sets) or <c>rating-or-label, text</c>. Returns the line number and the
    /// problem of every line it could not read, so a caller can refuse the file with a clear message.
    /// </summary>
    public static (List<GoldText> Gold, List<string> Problems) Parse(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var gold = new List<GoldText>();
        var problems = new List<string>();
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var parts = line.Split('\t');
            var (goldField, text) = parts.Length switch
            {
                >= 3 => (parts[1], string.Join('\t', parts[2..])),
                2 => (parts[0], parts[1]),
                _ => (null, null),
            };
            if (goldField is null || text is null)
            {
                problems.Add($"line {number}: expected tab-separated 'id, rating, text' or 'rating, text'");
                continue;
            }

            goldField = goldField.Trim();
            if (double.TryParse(goldField, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var rating) && double.IsFinite(rating))
            {
                gold.Add(new GoldText(rating, null, text));
            }
            else if (Array.IndexOf(Classes, goldField.ToLowerInvariant()) >= 0)
            {
                gold.Add(new GoldText(null, goldField.ToLowerInvariant(), text));
            }
            else
            {
                problems.Add($"line {number}: '{Shorten(goldField)}' is neither a number nor one of negative, neutral, positive");
            }
        }

        return (gold, problems);
    }

    private static string Shorten(string s) => s.Length <= 30 ? s : s[..30] + "…";
}
