using Marketplace.ServiceKit.Audit;
using Marketplace.ServiceKit.Outbox;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Marketplace.ServiceKit.Persistence;

/// <summary>
/// Commits and releases amounts against a capacity, idempotently by match id, each in one transaction
/// with its event and audit entry. The invariant used ≤ amount is the filter of the atomic update
/// itself (<see cref="MongoLedger.CommitFilter{T}"/>), so it holds however many approvals run at once;
/// the ledger entry (keyed by match id) makes a repeated call count once. Concurrent transactions on the
/// same entity meet as write conflicts, which the driver retries from the start.
/// </summary>
public sealed class MongoCommitmentLedger(MongoStorage storage, MongoOutbox outbox, MongoAuditTrail audit, OutboxSignal signal)
{
    /// <summary>Builds the event and audit entry from the entity's state after the change.</summary>
    public delegate (object Event, AuditEntry Audit) Describe<in T>(T after, string action);

    public async Task<CommitmentResult> CommitAsync<T>(MongoLedger t, string matchId, string entityId, long amountMinor, string currency,
        DateTimeOffset now, Describe<T> describe, CancellationToken ct)
    {
        var result = await storage.InTransactionAsync(async (session, token) =>
        {
            var ledger = Ledger(t);
            var entry = await ledger.Find(session, e => e.Id == matchId).FirstOrDefaultAsync(token);
            if (entry is { State: LedgerEntryDocument.Committed }) return CommitmentResult.AlreadyApplied;
            if (entry is { State: LedgerEntryDocument.Released }) return CommitmentResult.RefusedAfterRelease;

            var entities = storage.Collection<T>(t.EntityCollection);
            var after = await entities.FindOneAndUpdateAsync(session, t.CommitFilter<T>(entityId, amountMinor, currency),
                t.CommitUpdate<T>(amountMinor, now), new FindOneAndUpdateOptions<T> { ReturnDocument = ReturnDocument.After }, token);
            if (after is null) return await ExplainRefusalAsync(session, t, entityId, currency, token);

            await ledger.InsertOneAsync(session, new LedgerEntryDocument(matchId, entityId, amountMinor, LedgerEntryDocument.Committed, now),
                cancellationToken: token);
            await FinishAsync(session, describe(after, LedgerEntryDocument.Committed), token);
            return CommitmentResult.Applied;
        }, ct);
        if (result == CommitmentResult.Applied) signal.Notify();
        return result;
    }

    /// <summary>
    /// Releases the match's commitment except <paramref name="keepMinor"/>, which stays counted (the money of
    /// a cancelled flow that was already disbursed); 0 releases everything. Once per match.
    /// </summary>
    public async Task<CommitmentResult> ReleaseAsync<T>(MongoLedger t, string matchId, string entityId, long keepMinor, DateTimeOffset now,
        Describe<T> describe, CancellationToken ct)
    {
        var (result, changed) = await storage.InTransactionAsync(async (session, token) =>
        {
            var ledger = Ledger(t);
            var entry = await ledger.Find(session, e => e.Id == matchId).FirstOrDefaultAsync(token);
            if (entry is { State: LedgerEntryDocument.Released }) return (CommitmentResult.Released, false);
            if (entry is null)
            {
                // The tombstone: a commit for this match arriving after its compensation is refused.
                await ledger.InsertOneAsync(session, new LedgerEntryDocument(matchId, entityId, 0, LedgerEntryDocument.Released, now),
                    cancellationToken: token);
                return (CommitmentResult.Released, false);
            }
            if (keepMinor < 0 || keepMinor > entry.AmountMinor) return (CommitmentResult.KeepExceedsCommitment, false);
            var marked = await ledger.UpdateOneAsync(session, MongoLedger.CommittedEntry(matchId), MongoLedger.MarkReleased(keepMinor, now),
                cancellationToken: token);
            if (marked.ModifiedCount != 1) return (CommitmentResult.Released, false);
            var after = await storage.Collection<T>(t.EntityCollection).FindOneAndUpdateAsync(session, t.ReleaseFilter<T>(entityId),
                t.ReleaseUpdate<T>(entry.AmountMinor - keepMinor, now), new FindOneAndUpdateOptions<T> { ReturnDocument = ReturnDocument.After }, token);
            if (after is null) return (CommitmentResult.Released, false);
            await FinishAsync(session, describe(after, LedgerEntryDocument.Released), token);
            return (CommitmentResult.Released, true);
        }, ct);
        if (changed) signal.Notify();
        return result;
    }

    private async Task FinishAsync(IClientSessionHandle session, (object Event, AuditEntry Audit) change, CancellationToken ct)
    {
        await outbox.EnqueueAsync(session, change.Event, change.Audit.At, ct);
        await audit.AppendAsync(session, change.Audit, ct);
    }

    /// <summary>Why the conditional update matched nothing, checked in the order the SQLite ledger checks.</summary>
    private async Task<CommitmentResult> ExplainRefusalAsync(IClientSessionHandle session, MongoLedger t, string entityId, string currency,
        CancellationToken ct)
    {
        var entity = await storage.Collection<BsonDocument>(t.EntityCollection)
            .Find(session, new BsonDocument("_id", entityId))
            .Project(Builders<BsonDocument>.Projection.Include("currency").Include("withdrawn"))
            .FirstOrDefaultAsync(ct);
        if (entity is null) return CommitmentResult.NotFound;
        if (entity["currency"].AsString != currency) return CommitmentResult.CurrencyMismatch;
        if (entity["withdrawn"].AsBoolean) return CommitmentResult.Withdrawn;
        return CommitmentResult.WouldExceed;
    }

    private IMongoCollection<LedgerEntryDocument> Ledger(MongoLedger t) => storage.Collection<LedgerEntryDocument>(t.LedgerCollection);
}
