using System.ComponentModel.DataAnnotations;

namespace Marketplace.ServiceKit.Messaging;

/// <summary>Broker connection, cluster nodes, queue safety and consumer tuning.</summary>
public sealed class RabbitMqOptions
{
    public const string SectionName = "RabbitMq";

    /// <summary>AMQP URL, e.g. amqp://guest:guest@localhost:5672/ (run.sh passes RABBITMQ_URL here).</summary>
    [Required, RegularExpression("^amqps?://.+", ErrorMessage = "RabbitMq:Url must be an amqp:// or amqps:// URL.")]
    public string Url { get; set; } = "amqp://guest:guest@localhost:5672/";

    /// <summary>
    /// The nodes of a RabbitMQ cluster as <c>host:port</c>. When given, the client connects to the first node
    /// that answers and fails over to the others; <see cref="Url"/> still supplies credentials, virtual host and TLS.
    /// </summary>
    public string[] ClusterNodes { get; set; } = [];

    /// <summary>
    /// How many times a message of a consumer queue may return to it unacknowledged (x-delivery-limit)
    /// before the broker dead-letters it to the queue's <c>_error</c> queue instead of delivering it again
    /// (so at most DeliveryLimit + 1 deliveries). Only deliveries that end without an ack count (a consumer
    /// process that crashes on the message, a lost connection): a consumer that throws is retried in
    /// process and then moved to <c>_error</c> by MassTransit, acknowledged once.
    /// </summary>
    [Range(2, 1000)]
    public int DeliveryLimit { get; set; } = 10;

    [Range(1, 1000)]
    public ushort PrefetchCount { get; set; } = 32;

    [Range(1, 256)]
    public int ConcurrentMessageLimit { get; set; } = 8;

    internal static bool IsClusterNode(string node) =>
        node.Split(':') is [var host, var port] && host.Length > 0 && ushort.TryParse(port, out var number) && number > 0;
}
