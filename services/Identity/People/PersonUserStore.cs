using Marketplace.Identity.Persistence;
using Microsoft.AspNetCore.Identity;

namespace Marketplace.Identity.People;

/// <summary>
/// What <c>UserManager</c> needs from a user store, over <see cref="IPersonStore"/>: the getters and setters
/// only touch the <see cref="Person"/>; <see cref="UpdateAsync"/> saves it, refusing a stale concurrency stamp.
/// </summary>
public sealed class PersonUserStore(IPersonStore store) :
    IUserPasswordStore<Person>, IUserEmailStore<Person>, IUserSecurityStampStore<Person>, IUserLockoutStore<Person>,
    IUserTwoFactorStore<Person>, IUserAuthenticatorKeyStore<Person>
{
    public async Task<IdentityResult> CreateAsync(Person user, CancellationToken cancellationToken) =>
        await store.CreateAsync(user, cancellationToken)
            ? IdentityResult.Success
            : IdentityResult.Failed(new IdentityErrorDescriber().DuplicateEmail(user.Email));

    public async Task<IdentityResult> UpdateAsync(Person user, CancellationToken cancellationToken)
    {
        var expected = user.ConcurrencyStamp;
        user.ConcurrencyStamp = Guid.NewGuid().ToString("N");
        if (await store.UpdateAsync(user, expected, cancellationToken))
        {
            return IdentityResult.Success;
        }
        user.ConcurrencyStamp = expected;
        return IdentityResult.Failed(new IdentityErrorDescriber().ConcurrencyFailure());
    }

    public async Task<IdentityResult> DeleteAsync(Person user, CancellationToken cancellationToken) =>
        await store.DeleteAsync(user.Id, cancellationToken) ? IdentityResult.Success : IdentityResult.Failed(new IdentityErrorDescriber().ConcurrencyFailure());

    public Task<Person?> FindByIdAsync(string userId, CancellationToken cancellationToken) => store.FindByIdAsync(userId, cancellationToken);

    // The user name is the email: people sign in with their email address.
    public Task<Person?> FindByNameAsync(string normalizedUserName, CancellationToken cancellationToken) =>
        store.FindByEmailAsync(normalizedUserName, cancellationToken);

    public Task<Person?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken) =>
        store.FindByEmailAsync(normalizedEmail, cancellationToken);

    public Task<string> GetUserIdAsync(Person user, CancellationToken cancellationToken) => Task.FromResult(user.Id);
    public Task<string?> GetUserNameAsync(Person user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.Email);
    public Task SetUserNameAsync(Person user, string? userName, CancellationToken cancellationToken) => Set(() => user.Email = userName ?? "");
    public Task<string?> GetNormalizedUserNameAsync(Person user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.NormalizedEmail);
    public Task SetNormalizedUserNameAsync(Person user, string? normalizedName, CancellationToken cancellationToken) =>
        Set(() => user.NormalizedEmail = normalizedName ?? "");

    public Task<string?> GetEmailAsync(Person user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.Email);
    public Task SetEmailAsync(Person user, string? email, CancellationToken cancellationToken) => Set(() => user.Email = email ?? "");
    // Invitations go to the address itself: accepting one is the confirmation.
    public Task<bool> GetEmailConfirmedAsync(Person user, CancellationToken cancellationToken) => Task.FromResult(user.PasswordHash is not null);
    public Task SetEmailConfirmedAsync(Person user, bool confirmed, CancellationToken cancellationToken) => Task.CompletedTask;
    public Task<string?> GetNormalizedEmailAsync(Person user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.NormalizedEmail);
    public Task SetNormalizedEmailAsync(Person user, string? normalizedEmail, CancellationToken cancellationToken) =>
        Set(() => user.NormalizedEmail = normalizedEmail ?? "");

    public Task<string?> GetPasswordHashAsync(Person user, CancellationToken cancellationToken) => Task.FromResult(user.PasswordHash);
    public Task SetPasswordHashAsync(Person user, string? passwordHash, CancellationToken cancellationToken) => Set(() => user.PasswordHash = passwordHash);
    public Task<bool> HasPasswordAsync(Person user, CancellationToken cancellationToken) => Task.FromResult(user.PasswordHash is not null);

    public Task<string?> GetSecurityStampAsync(Person user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.SecurityStamp);
    public Task SetSecurityStampAsync(Person user, string stamp, CancellationToken cancellationToken) => Set(() => user.SecurityStamp = stamp);

    public Task<DateTimeOffset?> GetLockoutEndDateAsync(Person user, CancellationToken cancellationToken) => Task.FromResult(user.LockoutEnd);
    public Task SetLockoutEndDateAsync(Person user, DateTimeOffset? lockoutEnd, CancellationToken cancellationToken) => Set(() => user.LockoutEnd = lockoutEnd);
    public Task<int> IncrementAccessFailedCountAsync(Person user, CancellationToken cancellationToken) => Task.FromResult(++user.AccessFailedCount);
    public Task ResetAccessFailedCountAsync(Person user, CancellationToken cancellationToken) => Set(() => user.AccessFailedCount = 0);
    public Task<int> GetAccessFailedCountAsync(Person user, CancellationToken cancellationToken) => Task.FromResult(user.AccessFailedCount);
    // Lockout is on for everyone: five failures in a row lock any account (API.md).
    public Task<bool> GetLockoutEnabledAsync(Person user, CancellationToken cancellationToken) => Task.FromResult(true);
    public Task SetLockoutEnabledAsync(Person user, bool enabled, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<bool> GetTwoFactorEnabledAsync(Person user, CancellationToken cancellationToken) => Task.FromResult(user.TwoFactorEnabled);
    public Task SetTwoFactorEnabledAsync(Person user, bool enabled, CancellationToken cancellationToken) => Set(() => user.TwoFactorEnabled = enabled);

    public Task<string?> GetAuthenticatorKeyAsync(Person user, CancellationToken cancellationToken) => Task.FromResult(user.AuthenticatorKey);
    public Task SetAuthenticatorKeyAsync(Person user, string key, CancellationToken cancellationToken) => Set(() => user.AuthenticatorKey = key);

    public void Dispose()
    {
    }

    private static Task Set(Action change)
    {
        change();
        return Task.CompletedTask;
    }
}
