using System.ComponentModel.DataAnnotations;

namespace Marketplace.Flows.Options;

/// <summary>Where the needs, pledges and identity services are, and how often pending releases are retried.</summary>
public sealed class FlowsOptions
{
    public const string SectionName = "Flows";

    /// <summary>gRPC address of the needs service, which releases a cancelled flow's need-side remainder.</summary>
    [Required, Url]
    public string NeedsGrpcUrl { get; set; } = "http://127.0.0.1:5111";

    /// <summary>gRPC address of the pledges service, which releases a cancelled flow's pledge-side remainder.</summary>
    [Required, Url]
    public string PledgesGrpcUrl { get; set; } = "http://127.0.0.1:5112";

    /// <summary>The identity service, which owns the organisation registry and its IATI identifiers (<c>GET /api/v1/organisations</c>).</summary>
    [Required, Url]
    public string IdentityUrl { get; set; } = "http://127.0.0.1:5100/";

    /// <summary>How long the organisation registry read from the identity service is reused by the IATI export.</summary>
    [Range(0, 3600)]
    public int OrganisationsCacheSeconds { get; set; } = 60;

    /// <summary>How often releases that could not be made at cancellation are retried.</summary>
    [Range(1, 3600)]
    public int ReleaseRetrySeconds { get; set; } = 10;
}
