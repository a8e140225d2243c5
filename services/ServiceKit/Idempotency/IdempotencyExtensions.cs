using Marketplace.ServiceKit.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Marketplace.ServiceKit.Idempotency;

public static class IdempotencyExtensions
{
    /// <summary>
    /// The idempotency key store on the service's own storage provider (called by the store registration:
    /// the keys live beside the data they protect) and its options.
    /// </summary>
    internal static void AddIdempotencyStore<TStore>(this IHostApplicationBuilder builder) where TStore : class, IIdempotencyStore
    {
        builder.Services.AddOptions<IdempotencyOptions>().BindConfiguration(IdempotencyOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<TStore>();
        builder.Services.AddSingleton<IIdempotencyStore>(sp => sp.GetRequiredService<TStore>());
        if (typeof(IMongoStoreSetup).IsAssignableFrom(typeof(TStore)))
        {
            builder.Services.AddSingleton(sp => (IMongoStoreSetup)sp.GetRequiredService<TStore>());
        }
    }

    /// <summary>Honours <c>Idempotency-Key</c> on POSTs under <c>/api/v1</c>; after authorization, before the endpoints.</summary>
    public static WebApplication UseIdempotencyKeys(this WebApplication app)
    {
        app.UseMiddleware<IdempotencyMiddleware>();
        return app;
    }
}
