using Marketplace.Notifications.People;

namespace Marketplace.Notifications.IntegrationTests;

/// <summary>
/// The people the identity service would list, per organisation, and the chair's organisation. E-mail
/// addresses carry a fresh tag, so tests sharing one smtp4dev never read each other's messages.
/// </summary>
public sealed class FakePeople : IPeopleDirectory
{
    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];

    public FakePeople()
    {
        Lucia = new("person_gt_lucia", $"lucia.{_tag}@gt.test", "Lucía", "GT", "state", true, "es");
        Peter = new("person_gt_peter", $"peter.{_tag}@gt.test", "Peter", "GT", "state", false, "en");
        Carla = new("person_cr_carla", $"carla.{_tag}@cr.test", "Carla", "CR", "state", true, "es");
        Anne = new("person_es_anne", $"anne.{_tag}@es.test", "Anne", "ES", "donor", true, "en");
        Chair = new("person_co_chair", $"chair.{_tag}@co.test", "Chair", "CO", "chair", false, "es");
        Sam = new("person_sec_sam", $"sam.{_tag}@secretariat.test", "Sam", "UNHCR-OAS", "secretariat", true, "en");
        All = [Lucia, Peter, Carla, Anne, Chair, Sam];
    }

    public Recipient Lucia { get; }
    public Recipient Peter { get; }
    public Recipient Carla { get; }
    public Recipient Anne { get; }
    public Recipient Chair { get; }
    public Recipient Sam { get; }

    public List<Recipient> All { get; }

    public string? ChairOrg { get; set; } = "CO";

    public Task<IReadOnlyList<Recipient>> PeopleOfAsync(string org, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<Recipient>>([.. All.Where(p => p.Org == org)]);

    public Task<string?> ChairOrgAsync(CancellationToken ct) => Task.FromResult(ChairOrg);
}
