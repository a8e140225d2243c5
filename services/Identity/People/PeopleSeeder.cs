using Marketplace.Identity.Options;
using Marketplace.Identity.Persistence;
using Marketplace.Identity.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Marketplace.Identity.People;

/// <summary>
/// At start: the demo people in demo mode (and none otherwise, so a data directory once used for a demo
/// cannot keep demo access), and the first secretariat administrator from <c>Identity:Bootstrap:Email</c>,
/// whose one-time setup link goes to the log until a password is set.
/// </summary>
public sealed partial class PeopleSeeder(
    IServiceScopeFactory scopes,
    DemoPeople demo,
    IPersonStore store,
    IOptions<PeopleOptions> options,
    TimeProvider clock,
    ILogger<PeopleSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Person>>();
        if (demo.Enabled)
        {
            // Every demo person has the same published password: hashing it once (not once per person) keeps
            // the start fast; the shared salt reveals nothing that API.md does not already say.
            var hasher = scope.ServiceProvider.GetRequiredService<IPasswordHasher<Person>>();
            var passwordHash = hasher.HashPassword(new Person(), DemoPeople.Password);
            foreach (var entry in demo.All)
            {
                await SeedAsync(users, entry, passwordHash);
            }
            LogDemo(demo.All.Count);
        }
        else
        {
            var removed = 0;
            foreach (var entry in demo.All)
            {
                if (await users.FindByEmailAsync(entry.Email) is { } person && await store.DeleteAsync(person.Id, cancellationToken)) removed++;
            }
            if (removed > 0) LogDemoRemoved(removed);
        }

        if (options.Value.Bootstrap.Email is { Length: > 0 } email)
        {
            await BootstrapAsync(users, scope.ServiceProvider.GetRequiredService<Invitations>(), email, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task SeedAsync(UserManager<Person> users, DemoPeople.Entry entry, string passwordHash)
    {
        if (await users.FindByEmailAsync(entry.Email) is not null)
        {
            return;
        }
        var person = new Person
        {
            Id = ServiceKit.Http.Ids.New("person"), Email = entry.Email, Name = entry.Name, Org = entry.Org, Role = entry.Role,
            OrgAdmin = entry.OrgAdmin, Language = PersonLanguages.For(entry.Org), TwoFactorEnabled = entry.Mfa, AuthenticatorKey = entry.Mfa ? DemoPeople.TotpKey : null,
            PasswordHash = passwordHash, CreatedAt = clock.GetUtcNow(),
        };
        var result = await users.CreateAsync(person);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Demo person {entry.Email}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }

    private async Task BootstrapAsync(UserManager<Person> users, Invitations invitations, string email, CancellationToken cancellationToken)
    {
        var existing = await users.FindByEmailAsync(email);
        if (existing is { PasswordHash: not null })
        {
            return;
        }
        var issued = existing is null
            ? await invitations.InviteAsync(email, options.Value.Bootstrap.Name, PersonRoles.SecretariatOrg, PersonRoles.Secretariat, true,
                PersonLanguages.Default, cancellationToken)
            : await invitations.ReissueAsync(existing, cancellationToken);
        if (issued is null)
        {
            throw new InvalidOperationException($"Could not create the bootstrap administrator {email}: it changed concurrently; restart the service.");
        }
        LogBootstrap(email, issued.Url, issued.ExpiresAt);
    }

    [LoggerMessage(LogLevel.Warning, "Demo people are enabled ({Count}, password and TOTP key of API.md): never do this outside development or a demo")]
    private partial void LogDemo(int count);

    [LoggerMessage(LogLevel.Information, "Removed {Count} demo people: demo mode is off")]
    private partial void LogDemoRemoved(int count);

    [LoggerMessage(LogLevel.Warning, "First secretariat administrator {Email}: open {SetupUrl} to choose a password (one-time link, valid until {ExpiresAt:u})")]
    private partial void LogBootstrap(string email, string setupUrl, DateTimeOffset expiresAt);
}
