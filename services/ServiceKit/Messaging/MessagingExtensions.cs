using System.Reflection;
using MassTransit;
using Marketplace.ServiceKit.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Marketplace.ServiceKit.Messaging;

public static class MessagingExtensions
{
    /// <summary>
    /// MassTransit on RabbitMQ with kebab-case endpoints, explicit prefetch and concurrency, and the
    /// outbox relay for the events of <paramref name="publishedContracts"/>. Consumers and their
    /// definitions are registered by <paramref name="configureConsumers"/>.
    /// </summary>
    public static IHostApplicationBuilder AddMarketplaceMessaging(this IHostApplicationBuilder builder,
        Action<IBusRegistrationConfigurator>? configureConsumers, params Assembly[] publishedContracts)
    {
        builder.Services.AddOptions<RabbitMqOptions>().BindConfiguration(RabbitMqOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddMassTransit(bus =>
        {
            bus.SetKebabCaseEndpointNameFormatter();
            configureConsumers?.Invoke(bus);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                var options = context.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
                rabbit.Host(new Uri(options.Url), host => host.PublisherConfirmation = true);
                rabbit.PrefetchCount = options.PrefetchCount;
                rabbit.ConcurrentMessageLimit = options.ConcurrentMessageLimit;
                rabbit.ConfigureEndpoints(context);
            });
        });
        builder.Services.AddSingleton(TimeProvider.System);
        if (publishedContracts.Length > 0)
        {
            builder.Services.AddSingleton(new OutboxMessageTypes(publishedContracts));
            builder.Services.AddSingleton<OutboxSignal>();
            builder.Services.AddHostedService<OutboxRelay>();
        }
        return builder;
    }
}
