namespace Marketplace.ServiceKit.Outbox;

/// <summary>
/// An event waiting to be published; its id becomes the message id, which consumers dedupe on.
/// <see cref="TraceParent"/> is the W3C trace context of the request that wrote it, so the publish and
/// its consumers join the same trace even though the relay sends it later.
/// </summary>
public sealed record OutboxMessage(Guid Id, string MessageType, string Payload, DateTimeOffset CreatedAt, string? TraceParent);
