namespace Marketplace.Identity.IntegrationTests.Support;

/// <summary>
/// Tests that expect the service to fail at start run alone: WebApplicationFactory finds the host it builds
/// through a process-wide DiagnosticListener, so a host failing at start while other factories start in
/// parallel could report another factory's outcome.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StartupCollection
{
    public const string Name = "startup";
}
