using System.ComponentModel.DataAnnotations;

namespace Marketplace.ServiceKit.Messaging;

/// <summary>Broker connection and consumer tuning.</summary>
public sealed class RabbitMqOptions
{
    public const string SectionName = "RabbitMq";

    /// <summary>AMQP URL, e.g. amqp://guest:guest@localhost:5672/ (run.sh passes RABBITMQ_URL here).</summary>
    [Required, RegularExpression("^amqps?://.+", ErrorMessage = "RabbitMq:Url must be an amqp:// or amqps:// URL.")]
    public string Url { get; set; } = "amqp://guest:guest@localhost:5672/";

    [Range(1, 1000)]
    public ushort PrefetchCount { get; set; } = 32;

    [Range(1, 256)]
    public int ConcurrentMessageLimit { get; set; } = 8;
}
