using Marketplace.ServiceKit.Http;
using Marketplace.Identity.People;

namespace Marketplace.Identity.Persistence;

/// <summary>
/// Where people live. <c>UserManager</c> reaches it through <see cref="People.PersonUserStore"/>; writes
/// are optimistic (the caller's <see cref="Person.ConcurrencyStamp"/> must still be the stored one).
/// </summary>
public interface IPersonStore
{
    /// <returns>false when another person already has this (normalized) email.</returns>
    Task<bool> CreateAsync(Person person, CancellationToken cancellationToken);

    /// <returns>false when the stored person's stamp is no longer <paramref name="expectedConcurrencyStamp"/>, or the email is taken.</returns>
    Task<bool> UpdateAsync(Person person, string expectedConcurrencyStamp, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken);

    Task<Person?> FindByIdAsync(string id, CancellationToken cancellationToken);

    Task<Person?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken);

    Task<Person?> FindByInvitationAsync(string invitationHash, CancellationToken cancellationToken);

    /// <summary>People in commit order after the position <paramref name="after"/> of a page token, of one organisation or (null) all.</summary>
    Task<Page<Person>> ListAsync(string? org, string? after, int pageSize, CancellationToken cancellationToken);
}
