using Marketplace.Needs.Contracts;
using Marketplace.Pledges.Contracts;

namespace Marketplace.Matching.IntegrationTests;

/// <summary>Event snapshots as the needs and pledges services publish them.</summary>
public static class Snapshots
{
    public static NeedSnapshot Need(string id, string country = "GT", string sector = "health", decimal amount = 1000m,
        string currency = "USD", long version = 1, string status = "open", string priority = "high", bool referred = false) =>
        new(id, country, sector, $"Need {id}", ["grant"], priority, amount, 0m, currency, status, null, null, version, DateTimeOffset.UtcNow,
            referred ? new NeedReferral(DateTimeOffset.UtcNow, "No bilateral pledge fits.", NeedReferral.System) : null);

    public static PledgeSnapshot Pledge(string id, decimal amount = 1000m, string currency = "USD", string[]? countries = null,
        string[]? sectors = null, long version = 1, string status = "open", string donor = "EU") =>
        new(id, donor, $"Pledge {id}", "grant", countries ?? [], sectors ?? [], amount, 0m, currency, null, null, null, null, status, version,
            DateTimeOffset.UtcNow);

    public static string NewId(string prefix) => $"{prefix}_{Guid.CreateVersion7():N}";
}
