using Marketplace.ServiceKit.Identity;

namespace Marketplace.Notifications.People;

/// <summary>Who is who, as the identity service knows it.</summary>
public interface IPeopleDirectory
{
    /// <summary>The active people of an organisation.</summary>
    /// <exception cref="IdentityUnavailableException">The identity service cannot be read now.</exception>
    Task<IReadOnlyList<Recipient>> PeopleOfAsync(string org, CancellationToken ct);

    /// <summary>The organisation holding the Support Platform chair now, or null when no term is active.</summary>
    /// <exception cref="IdentityUnavailableException">The identity service cannot be read now.</exception>
    Task<string?> ChairOrgAsync(CancellationToken ct);
}
