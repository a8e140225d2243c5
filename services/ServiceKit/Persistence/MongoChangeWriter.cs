using Marketplace.ServiceKit.Audit;
using Marketplace.ServiceKit.Outbox;
using MongoDB.Driver;

namespace Marketplace.ServiceKit.Persistence;

/// <summary>
/// Writes a state change, its event (outbox) and its audit entry in one MongoDB transaction, then wakes
/// the outbox relay. The state write reports whether it applied: a conditional write that matched
/// nothing (a stale version, a status that moved on) writes no event and no audit entry.
/// </summary>
public sealed class MongoChangeWriter(MongoStorage storage, MongoOutbox outbox, MongoAuditTrail audit, OutboxSignal signal)
{
    public delegate Task<bool> StateWrite(IClientSessionHandle session, CancellationToken ct);

    public async Task<bool> WriteAsync(StateWrite change, object @event, AuditEntry entry, CancellationToken ct)
    {
        var written = await storage.InTransactionAsync(async (session, token) =>
        {
            if (!await change(session, token)) return false;
            await outbox.EnqueueAsync(session, @event, entry.At, token);
            await audit.AppendAsync(session, entry, token);
            return true;
        }, ct);
        if (written) signal.Notify();
        return written;
    }
}
