using Marketplace.TestSupport;

namespace Marketplace.Pledges.IntegrationTests;

/// <summary>The pledges service in memory.</summary>
public sealed class PledgesApiFactory : ServiceFactory<Program>;
