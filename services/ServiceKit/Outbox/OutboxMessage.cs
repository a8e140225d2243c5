namespace Marketplace.ServiceKit.Outbox;

/// <summary>An event waiting to be published; its id becomes the message id, which consumers dedupe on.</summary>
public sealed record OutboxMessage(Guid Id, string MessageType, string Payload, DateTimeOffset CreatedAt);
