using Marketplace.Identity.Organisations.Domain;

namespace Marketplace.Identity.Organisations.Http;

/// <summary>An organisation as API.md shows it: <c>{"code","kind","name":{"es","en"},"iati":{"ref","type"}}</c>.</summary>
public static class OrganisationResponse
{
    public static object From(Organisation o) => new
    {
        code = o.Code,
        kind = o.Kind,
        name = new { es = o.NameEs, en = o.NameEn },
        iati = new { @ref = o.Iati.Ref, type = o.Iati.Type },
    };
}
