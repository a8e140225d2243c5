using System.Reflection;
using MassTransit;
using Marketplace.ServiceKit.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Marketplace.ServiceKit.Messaging;

public static class MessagingExtensions
{
    /// <summary>
    /// MassTransit on RabbitMQ (one node or a cluster) with kebab-case endpoints on quorum queues with a
    /// delivery limit (<see cref="QuorumQueueTopology"/>), explicit prefetch and concurrency, and the
    /// outbox relay for the events of <paramref name="publishedContracts"/>. Consumers and their
    /// definitions are registered by <paramref name="configureConsumers"/>.
    /// </summary>
    public static IHostApplicationBuilder AddMarketplaceMessaging(this IHostApplicationBuilder builder,
        Action<IBusRegistrationConfigurator>? configureConsumers, params Assembly[] publishedContracts)
    {
        builder.Services.AddOptions<RabbitMqOptions>().BindConfiguration(RabbitMqOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.ClusterNodes.All(RabbitMqOptions.IsClusterNode), "RabbitMq:ClusterNodes entries must be host:port.")
            .ValidateOnStart();
        builder.Services.AddMassTransit(bus =>
        {
            bus.SetKebabCaseEndpointNameFormatter();
            // A broker outage degrades a service but must not take it out of rotation: writes still land in
            // the outbox, reads still work (docs/reliability.md). Unhealthy here would also make the gateway unready.
            bus.ConfigureHealthCheckOptions(health => health.MinimalFailureStatus = HealthStatus.Degraded);
            configureConsumers?.Invoke(bus);
            bus.AddConfigureEndpointsCallback((context, queueName, endpoint) =>
            {
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbitEndpoint)
                {
                    var deliveryLimit = context.GetRequiredService<IOptions<RabbitMqOptions>>().Value.DeliveryLimit;
                    QuorumQueueTopology.Apply(rabbitEndpoint, queueName, deliveryLimit);
                }
            });
            bus.UsingRabbitMq((context, rabbit) =>
            {
                var options = context.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
                rabbit.Host(new Uri(options.Url), host =>
                {
                    host.PublisherConfirmation = true;
                    if (options.ClusterNodes.Length > 0) host.UseCluster(cluster => Array.ForEach(options.ClusterNodes, cluster.Node));
                });
                rabbit.PrefetchCount = options.PrefetchCount;
                rabbit.ConcurrentMessageLimit = options.ConcurrentMessageLimit;
                rabbit.ConfigureEndpoints(context);
            });
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IOutboxPublisher, RabbitMqOutboxPublisher>();
        if (publishedContracts.Length > 0)
        {
            builder.Services.AddSingleton(new OutboxMessageTypes(publishedContracts));
            builder.Services.TryAddSingleton<OutboxSignal>();
            builder.Services.AddHostedService<OutboxRelay>();
            builder.Services.AddHealthChecks().AddCheck<OutboxHealthCheck>("outbox", tags: [ServiceDefaults.Extensions.ReadyTag]);
        }
        return builder;
    }
}
