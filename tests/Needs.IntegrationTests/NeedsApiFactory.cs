using Marketplace.TestSupport;

namespace Marketplace.Needs.IntegrationTests;

/// <summary>The needs service in memory.</summary>
public sealed class NeedsApiFactory : ServiceFactory<Program>;
