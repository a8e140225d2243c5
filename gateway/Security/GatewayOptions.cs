using System.ComponentModel.DataAnnotations;

namespace Marketplace.Gateway.Security;

/// <summary>Gateway-wide protections.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Requests each client (token subject, else IP address) may make per minute.</summary>
    [Range(1, 1_000_000)]
    public int RequestsPerMinute { get; set; } = 600;
}
