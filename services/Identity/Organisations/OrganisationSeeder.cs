using System.Globalization;
using System.Text.Json.Nodes;
using Marketplace.Identity.Options;
using Marketplace.Identity.Organisations.Domain;
using Marketplace.Identity.Organisations.Persistence;
using Marketplace.ServiceKit.Audit;
using Microsoft.Extensions.Options;

namespace Marketplace.Identity.Organisations;

/// <summary>
/// Before the service takes requests: stores every organisation of the catalogue not stored yet (with its
/// configured or illustrative IATI identifier) and, in demo mode, the illustrative chair term when none was
/// ever set. Both steps are idempotent, so every replica runs them on every start.
/// </summary>
public sealed partial class OrganisationSeeder(
    IOrganisationStore store,
    IOptions<OrganisationsOptions> options,
    IOptions<IdentityOptions> identity,
    IHostEnvironment environment,
    TimeProvider clock,
    ILogger<OrganisationSeeder> logger) : IHostedService
{
    public const string SystemActor = "system";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken);
        var added = await store.AddMissingAsync([.. OrganisationCatalogue.All.Select(options.Value.Apply)], cancellationToken);
        LogSeeded(added);
        if (!environment.IsDevelopment() && !identity.Value.SeedDemoClients) return;

        var demo = options.Value.DemoChair;
        var term = new ChairTerm(demo.Org, demo.From, demo.Until);
        var audit = new AuditEntry(clock.GetUtcNow(), SystemActor, "demo seed", OrganisationCatalogue.SecretariatCode, ChairTermAudit.Action,
            ChairTermAudit.EntityId, ChairTermAudit.Details(term, null));
        if (await store.SetFirstChairTermAsync(term, audit, cancellationToken))
        {
            LogDemoChair(term.Org, term.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Information, "Organisation registry ready: {Added} organisations added")]
    private partial void LogSeeded(int added);

    [LoggerMessage(LogLevel.Warning, "Demo mode: illustrative chair term set for {Org} from {From}")]
    private partial void LogDemoChair(string org, string from);
}
