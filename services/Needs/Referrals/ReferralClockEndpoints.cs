using Marketplace.Needs.Options;
using Marketplace.ServiceDefaults;
using Marketplace.ServiceKit.Http;
using Microsoft.Extensions.Options;

namespace Marketplace.Needs.Referrals;

/// <summary>
/// Test systems only (<see cref="ReferralOptions.ClockControl"/>, off by default): <c>POST /testing/referral-clock?offsetDays=N</c>
/// on the internal port sets the referral job's clock N days ahead of the real time (0 puts it back) and runs the
/// job. Not mapped otherwise; the internal port is never routed by the gateway.
/// </summary>
public static class ReferralClockEndpoints
{
    public static WebApplication MapReferralClockControl(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<ReferralOptions>>().Value.ClockControl) return app;
        if (ServiceDefaults.Extensions.InternalPort(app.Configuration) is not { } port)
            throw new InvalidOperationException("Referral:ClockControl needs the internal port (Kestrel:Endpoints:Metrics:Url).");
        app.MapPost("/testing/referral-clock", (HttpRequest request, ReferralClock clock, ReferralJob job) =>
        {
            var errors = new FieldErrors();
            if (!int.TryParse(request.Query["offsetDays"], out var days) || days is < 0 or > 3650)
                errors.Add("offsetDays", "must be a whole number of days from 0 to 3650");
            if (errors.Any) return Problems.Validation(errors);
            clock.SetOffset(TimeSpan.FromDays(days));
            job.Wake();
            return Results.Ok(new { now = clock.GetUtcNow() });
        }).RequireHost($"*:{port}").AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
