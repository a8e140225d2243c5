namespace Marketplace.Persistence.ContractTests.Support;

/// <summary>A clock on whole milliseconds: both providers must give back exactly the instants they were given.</summary>
public sealed class FixedClock : TimeProvider
{
    public DateTimeOffset Now { get; set; } = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Now;
}
