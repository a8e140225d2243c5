using System.Text.Json;
using Marketplace.Flows.Options;
using Marketplace.ServiceKit.Iati;
using Marketplace.ServiceKit.Identity;
using Marketplace.ServiceKit.Security;
using Microsoft.Extensions.Options;

namespace Marketplace.Flows.Iati;

/// <summary>
/// The organisations as IATI names them, read from the identity service's <c>GET /api/v1/organisations</c>
/// (the registry, where the secretariat sets each IATI identifier) and kept for
/// <c>Flows:OrganisationsCacheSeconds</c>.
/// </summary>
public sealed class OrganisationRegistry(
    IHttpClientFactory httpFactory, ServiceTokenProvider tokens, IOptions<FlowsOptions> options, TimeProvider clock)
{
    public const string HttpClientName = "identity-organisations";

    private const string SecretariatKind = "secretariat";

    private readonly IdentityResource<Registry> _registry = new(httpFactory, HttpClientName, tokens, clock,
        new Uri(new Uri(options.Value.IdentityUrl), "api/v1/organisations"), TimeSpan.FromSeconds(options.Value.OrganisationsCacheSeconds), Parse);

    /// <exception cref="IdentityUnavailableException">The registry cannot be read now.</exception>
    public async Task<Registry> GetAsync(CancellationToken ct) => await _registry.GetAsync(ct);

    public static Registry Parse(JsonElement body)
    {
        var byCode = new Dictionary<string, IatiOrganisation>(StringComparer.Ordinal);
        IatiOrganisation? secretariat = null;
        foreach (var item in body.GetProperty("items").EnumerateArray())
        {
            var iati = item.GetProperty("iati");
            var organisation = new IatiOrganisation(iati.GetProperty("ref").GetString()!, iati.GetProperty("type").GetString()!,
                item.GetProperty("name").GetProperty("en").GetString()!);
            byCode[item.GetProperty("code").GetString()!] = organisation;
            if (item.GetProperty("kind").GetString() == SecretariatKind) secretariat = organisation;
        }
        return new Registry(byCode, secretariat ?? throw new InvalidOperationException("the registry names no secretariat"));
    }

    /// <summary>Every organisation by its code, and the secretariat, which reports the IATI export for the others.</summary>
    public sealed record Registry(IReadOnlyDictionary<string, IatiOrganisation> ByCode, IatiOrganisation Secretariat);
}
