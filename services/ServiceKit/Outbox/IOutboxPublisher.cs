namespace Marketplace.ServiceKit.Outbox;

/// <summary>Hands one outbox event to the broker and returns once the broker has confirmed it.</summary>
public interface IOutboxPublisher
{
    /// <summary>Publishes <paramref name="message"/> as <paramref name="messageType"/> with the row's id as message id; throws when the broker did not confirm it.</summary>
    Task PublishAsync(object message, Type messageType, Guid messageId, CancellationToken ct);
}
