using Marketplace.Identity.Organisations.Domain;
using Marketplace.ServiceKit.OpenApi;

namespace Marketplace.Identity.Organisations.Http;

/// <summary>The API document of <c>/api/v1/organisations</c> and <c>/api/v1/chair</c>: schemas whose examples the real mappers produce.</summary>
public static class OrganisationsApi
{
    public static readonly ApiSchema Organisation = ApiSchema.FromExample("Organisation",
        "A member of the marketplace: a member state, a donor, the secretariat or the MIRPS Fund, with its IATI identifier.",
        OrganisationResponse.From(OrganisationCatalogue.All.First(o => o.Code == "ES")));

    public static readonly ApiSchema IatiRequest = ApiSchema.FromExample("OrganisationIatiRequest",
        "An organisation's IATI identifier and IATI organisation type code.",
        new { @ref = "XM-DAC-50", type = "10" });

    public static readonly ApiSchema ChairTerm = ApiSchema.FromExample("ChairTerm",
        "The Support Platform member holding the chair, its term (inclusive UTC dates; until null = open-ended) and whether it is in force today.",
        new { org = "ES", from = "2026-01-01", until = "2026-12-31", active = true }, "until");

    public static readonly ApiSchema ChairTermRequest = ApiSchema.FromExample("ChairTermRequest",
        "A new chair term: a donor member and its inclusive UTC dates.",
        new { org = "ES", from = "2026-01-01", until = "2026-12-31" }, "until");

    public static ApiOperation List() => new ApiOperation("listOrganisations", "Organisations", "List the organisations")
        .Describe("Anyone authenticated. The seven member states, the donors, the secretariat and the MIRPS Fund.")
        .ReturnsItems(Organisation, "Every organisation.");

    public static ApiOperation SetIati() => new ApiOperation("setOrganisationIati", "Organisations", "Set an organisation's IATI identifier")
        .Describe("Secretariat only.")
        .Body(IatiRequest)
        .Returns(200, Organisation, "The organisation.")
        .Fails(400, 403, 404, 413, 415);

    public static ApiOperation GetChair() => new ApiOperation("getChairTerm", "Organisations", "Read the chair term")
        .Describe("Anyone authenticated. {\"org\":null,\"active\":false} when no term was ever set.")
        .Returns(200, ChairTerm, "The term.");

    public static ApiOperation SetChair() => new ApiOperation("setChairTerm", "Organisations", "Set the chair term")
        .Describe("Secretariat only; org must be a donor member. A chair decides only while its term is in force.")
        .Body(ChairTermRequest)
        .Returns(200, ChairTerm, "The term.")
        .Fails(400, 403, 413, 415);
}
