using System.ComponentModel.DataAnnotations;
using Marketplace.Identity.Organisations.Domain;

namespace Marketplace.Identity.Organisations;

/// <summary>
/// <c>Organisations:Iati:&lt;code&gt;:{Ref,Type}</c>: the IATI identifier an organisation starts with when it
/// is first stored (later changes go through <c>PUT /api/v1/organisations/{code}/iati</c>), and
/// <c>Organisations:DemoChair</c>: the illustrative chair term seeded in demo mode when none was ever set.
/// </summary>
public sealed class OrganisationsOptions : IValidatableObject
{
    public const string SectionName = "Organisations";

    public Dictionary<string, IatiOptions> Iati { get; set; } = [];

    public DemoChairOptions DemoChair { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (code, iati) in Iati)
        {
            var key = $"{SectionName}:Iati:{code}";
            if (!OrganisationCatalogue.Contains(code))
                yield return new ValidationResult($"{key}: '{code}' is not an organisation of the marketplace.", [nameof(Iati)]);
            if (!IatiIdentifier.IsValidRef(iati.Ref ?? ""))
                yield return new ValidationResult($"{key}:Ref must be an IATI organisation identifier such as XM-DAC-50.", [nameof(Iati)]);
            if (!IatiIdentifier.OrganisationTypes.Contains(iati.Type ?? ""))
                yield return new ValidationResult($"{key}:Type must be an IATI OrganisationType code ({string.Join(", ", IatiIdentifier.OrganisationTypes)}).", [nameof(Iati)]);
        }
        if (OrganisationCatalogue.All.All(o => o.Code != DemoChair.Org || o.Kind != OrganisationKinds.Donor))
            yield return new ValidationResult($"{SectionName}:DemoChair:Org must be a donor member.", [nameof(DemoChair)]);
    }

    public Organisation Apply(Organisation organisation) =>
        Iati.TryGetValue(organisation.Code, out var iati) ? organisation with { Iati = new(iati.Ref!, iati.Type!) } : organisation;

    public sealed class IatiOptions
    {
        public string? Ref { get; set; }

        public string? Type { get; set; }
    }

    public sealed class DemoChairOptions
    {
        /// <summary>Illustrative: the demo's chair is Spain.</summary>
        public string Org { get; set; } = "ES";

        public DateOnly From { get; set; } = new(2026, 1, 1);

        public DateOnly? Until { get; set; }
    }
}
