using MassTransit;
using MassTransit.Testing;
using Marketplace.Matching.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Notifications.IntegrationTests;

/// <summary>Marketplace events as the other services publish them: each with its own message id (the outbox row id).</summary>
public static class Events
{
    public static MatchProposed Proposal(string matchId, string country = "GT", string donor = "ES", DateTimeOffset? at = null) =>
        new(matchId, $"need_{matchId}", $"pledge_{matchId}", country, donor, "health", 1000m, "EUR", 1085m, "USD", "round_1", at ?? DateTimeOffset.UtcNow);

    public static async Task PublishAsync<T>(this NotificationsFactory factory, T message, Guid? id = null) where T : class =>
        await factory.Services.GetRequiredService<ITestHarness>().Bus.Publish(message, context => context.MessageId = id ?? Guid.NewGuid());

    public static async Task<int> ConsumedAsync<T>(this NotificationsFactory factory) where T : class =>
        await factory.Services.GetRequiredService<ITestHarness>().Consumed.SelectAsync<T>().Count();
}
