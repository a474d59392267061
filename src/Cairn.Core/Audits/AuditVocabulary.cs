namespace Cairn.Core.Audits;

/// <summary>
/// The words an audit walk is recorded in. A walk is of our own journey or of a competitor's
/// (mystery shopping); each step scores effort on the CES scale (1 = very easy … 7 = very hard,
/// lower is better, as DOMAIN.md orients CES) and names how the walker felt.
/// </summary>
public static class AuditVocabulary
{
    public const string Own = "own";
    public const string Competitor = "competitor";

    public const int EffortLow = 1;
    public const int EffortHigh = 7;

    /// <summary>Effort at or above this is a high-effort step (CES 5-7, the band that predicts disloyalty).</summary>
    public const int HighEffort = 5;

    /// <summary>A friction gap is an effort this many points (or more) above the best alternative at the same touchpoint.</summary>
    public const double FrictionGap = 1.0;

    /// <summary>A friction gap becomes a roadmap line of its own from this many points, or from one point at a moment of truth.</summary>
    public const double RoadmapFrictionGap = 2.0;

    public const int MaxTitle = 200;
    public const int MaxText = 4000;

    /// <summary>Emotions a walker picks from, with a valence from −2 (worst) to +2 that draws the walk's emotional curve.</summary>
    public static IReadOnlyList<(string Name, int Valence)> Emotions { get; } =
    [
        ("delighted", 2), ("pleased", 1), ("neutral", 0), ("confused", -1), ("worried", -1), ("disappointed", -1), ("frustrated", -2), ("angry", -2),
    ];

    public static bool IsSubject(string? subject) => subject is Own or Competitor;

    public static bool IsEmotion(string? emotion) => emotion is not null && Emotions.Any(e => e.Name == emotion);

    public static int Valence(string? emotion) => Emotions.FirstOrDefault(e => e.Name == emotion).Valence;
}
