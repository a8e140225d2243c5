namespace Marketplace.Identity.Organisations.Domain;

/// <summary>A member of the marketplace: a MIRPS state, a Support Platform donor, the secretariat or the MIRPS Fund.</summary>
public sealed record Organisation(string Code, string Kind, string NameEs, string NameEn, IatiIdentifier Iati);
