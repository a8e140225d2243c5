namespace Marketplace.Matching.Persistence;

/// <summary>A completed matching round in MongoDB.</summary>
public sealed record RoundDocument(string Id, DateTimeOffset CompletedAt, string Trigger, int Proposals, int Churn, long ProposedUsdCents,
    double DurationMs)
{
    public static RoundDocument From(RoundRecord r) => new(r.Id, r.CompletedAt, r.Trigger, r.Proposals, r.Churn, r.ProposedUsdCents, r.DurationMs);
}
