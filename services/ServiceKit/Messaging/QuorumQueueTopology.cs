using MassTransit;

namespace Marketplace.ServiceKit.Messaging;

/// <summary>
/// Every consumer queue is a quorum queue: durable, replicated on the cluster's nodes (Raft), so losing a
/// node loses no message. A message that came back unacknowledged more than <see cref="RabbitMqOptions.DeliveryLimit"/>
/// times (a consumer that crashes on it) is dead-lettered, at least once, to the queue's
/// <c>_error</c> queue, where MassTransit's own faults go too, instead of being redelivered for ever.
/// The <c>_error</c> queue is declared with the same arguments as the queue (MassTransit copies them when it
/// moves a fault there), so both declarations agree.
/// </summary>
internal static class QuorumQueueTopology
{
    public static void Apply(IRabbitMqReceiveEndpointConfigurator endpoint, string queueName, int deliveryLimit)
    {
        var errorQueue = $"{queueName}_error";
        Configure(endpoint, deliveryLimit, errorQueue);
        endpoint.BindDeadLetterQueue(errorQueue, errorQueue, queue => Configure(queue, deliveryLimit, errorQueue));
    }

    private static void Configure(IRabbitMqQueueConfigurator queue, int deliveryLimit, string deadLetterExchange)
    {
        queue.SetQuorumQueue();
        queue.SetQueueArgument("x-delivery-limit", deliveryLimit);
        queue.SetQueueArgument("x-dead-letter-exchange", deadLetterExchange);
        // At-least-once dead-lettering (RabbitMQ ≥ 3.10) needs reject-publish overflow; the queues have no length limit.
        queue.SetQueueArgument("x-dead-letter-strategy", "at-least-once");
        queue.SetQueueArgument("x-overflow", "reject-publish");
    }
}
