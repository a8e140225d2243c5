using Marketplace.TestSupport;

namespace Marketplace.Matching.IntegrationTests;

/// <summary>The matching service in memory, events delivered through the MassTransit test harness.</summary>
public sealed class MatchingApiFactory : ServiceFactory<Program>;
