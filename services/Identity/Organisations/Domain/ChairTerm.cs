namespace Marketplace.Identity.Organisations.Domain;

/// <summary>
/// The Support Platform chair: a donor member holding the chair from <see cref="From"/> to <see cref="Until"/>,
/// both inclusive UTC dates; an open-ended term has no <see cref="Until"/>.
/// </summary>
public sealed record ChairTerm(string Org, DateOnly From, DateOnly? Until)
{
    public bool IsActiveOn(DateOnly day) => From <= day && (Until is null || day <= Until);

    public bool IsActiveAt(DateTimeOffset instant) => IsActiveOn(DateOnly.FromDateTime(instant.UtcDateTime));
}
