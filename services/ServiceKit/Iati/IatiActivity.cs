namespace Marketplace.ServiceKit.Iati;

/// <summary>
/// One need with at least one approved flow, reported from the recipient's side as one
/// <c>iati-activity</c>.
/// </summary>
/// <param name="NeedId">The need's id; the activity identifier is the reporting organisation's ref, a hyphen and this id.</param>
/// <param name="Title">The need's title.</param>
/// <param name="Description">The need's description; the title is repeated when it has none (IATI requires one).</param>
/// <param name="Country">The need's ISO 3166 alpha-2 country (the recipient country).</param>
/// <param name="DacSectorCode">The OECD DAC 5-digit purpose code of the need's sector (Codelists.Sectors).</param>
/// <param name="PlannedStart">The need's start date, if it has one.</param>
/// <param name="PlannedEnd">The need's end date, if it has one.</param>
/// <param name="Government">The member state's government, the implementing organisation and the receiver of every transaction.</param>
/// <param name="Flows">The need's flows (one per approved match), in approval order.</param>
/// <param name="LastUpdated">When anything in this activity last changed.</param>
/// <param name="Language">The ISO 639-1 language of the title and description.</param>
public sealed record IatiActivity(
    string NeedId,
    string Title,
    string? Description,
    string Country,
    string DacSectorCode,
    DateOnly? PlannedStart,
    DateOnly? PlannedEnd,
    IatiOrganisation Government,
    IReadOnlyList<IatiFlow> Flows,
    DateTimeOffset LastUpdated,
    string Language = "es");
