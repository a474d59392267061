namespace Cairn.Core.Surveys;

/// <summary>
/// Ready-made surveys with DOMAIN.md's question wordings, each with a follow-up question and
/// translations (English, German, French, Spanish): a relationship NPS, a post-purchase CSAT and a
/// post-support CES whose follow-up appears only after a difficult experience.
/// </summary>
public static class SurveyTemplates
{
    public static readonly string[] Names = ["relationship-nps", "post-purchase-csat", "post-support-ces"];

    public static (string Name, SurveyKind Kind, SurveyDefinition Definition)? Find(string name) => name switch
    {
        "relationship-nps" => ("Relationship NPS", SurveyKind.Nps, RelationshipNps),
        "post-purchase-csat" => ("Post-purchase CSAT", SurveyKind.Csat, PostPurchaseCsat),
        "post-support-ces" => ("Post-support CES", SurveyKind.Ces, PostSupportCes),
        _ => null,
    };

    private static LocalizedText T(string en, string de, string fr, string es) =>
        new(new Dictionary<string, string> { [LocalizedText.Default] = en, ["de"] = de, ["fr"] = fr, ["es"] = es });

    private static readonly LocalizedText Why = T(
        "What is the main reason for your score?",
        "Was ist der wichtigste Grund für Ihre Bewertung?",
        "Quelle est la principale raison de votre note ?",
        "¿Cuál es el motivo principal de su puntuación?");

    public static SurveyDefinition RelationshipNps { get; } = new(
        T("How are we doing?", "Wie machen wir uns?", "Comment nous en sortons-nous ?", "¿Qué tal lo estamos haciendo?"),
        [
            new Question("nps", QuestionType.Nps, T(
                "How likely are you to recommend us to a friend or colleague?",
                "Wie wahrscheinlich ist es, dass Sie uns einem Freund oder Kollegen empfehlen?",
                "Quelle est la probabilité que vous nous recommandiez à un ami ou à un collègue ?",
                "¿Qué probabilidad hay de que nos recomiende a un amigo o colega?"), true, 0, 10, [], null),
            new Question("why", QuestionType.Text, Why, false, 0, 0, [], Condition.Parse("{nps} notempty", out _)),
        ]);

    public static SurveyDefinition PostPurchaseCsat { get; } = new(
        T("Your purchase", "Ihr Einkauf", "Votre achat", "Su compra"),
        [
            new Question("csat", QuestionType.Csat, T(
                "How satisfied are you with your purchase?",
                "Wie zufrieden sind Sie mit Ihrem Einkauf?",
                "Dans quelle mesure êtes-vous satisfait de votre achat ?",
                "¿Qué tan satisfecho está con su compra?"), true, 1, 5, [], null),
            new Question("why", QuestionType.Text, Why, false, 0, 0, [], Condition.Parse("{csat} notempty", out _)),
        ]);

    public static SurveyDefinition PostSupportCes { get; } = new(
        T("Your support request", "Ihre Supportanfrage", "Votre demande d'assistance", "Su solicitud de soporte"),
        [
            new Question("ces", QuestionType.Ces, T(
                "How easy was it to resolve your issue today? (1 = very easy, 7 = very difficult)",
                "Wie einfach war es heute, Ihr Anliegen zu lösen? (1 = sehr einfach, 7 = sehr schwierig)",
                "Était-il facile de résoudre votre problème aujourd'hui ? (1 = très facile, 7 = très difficile)",
                "¿Qué tan fácil fue resolver su problema hoy? (1 = muy fácil, 7 = muy difícil)"), true, 1, 7, [], null),
            new Question("why", QuestionType.Text, T(
                "What made it difficult?",
                "Was hat es schwierig gemacht?",
                "Qu'est-ce qui a rendu cela difficile ?",
                "¿Qué lo hizo difícil?"), false, 0, 0, [], Condition.Parse("{ces} >= 5", out _)),
        ]);
}
