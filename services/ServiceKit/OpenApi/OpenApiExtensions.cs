using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.OpenApi;

namespace Marketplace.ServiceKit.OpenApi;

public static class OpenApiExtensions
{
    public const string DocumentPath = "/openapi/v1.json";

    /// <summary>
    /// The service's OpenAPI 3.1 document of its <c>/api/v1</c> endpoints, served anonymously at
    /// <see cref="DocumentPath"/> on its own port; the gateway merges every service's into one.
    /// A service adds this and <see cref="MapMarketplaceOpenApi"/>, and describes each endpoint with
    /// <see cref="WithApi{TBuilder}"/>.
    /// </summary>
    public static IHostApplicationBuilder AddMarketplaceOpenApi(this IHostApplicationBuilder builder, string title)
    {
        builder.Services.AddOpenApi("v1", options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            options.ShouldInclude = d => d.RelativePath?.StartsWith("api/v1/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer(new MarketplaceDocumentTransformer(title));
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapMarketplaceOpenApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi(DocumentPath).AllowAnonymous();
        return app;
    }

    /// <summary>Describes an endpoint for the API document.</summary>
    public static TBuilder WithApi<TBuilder>(this TBuilder builder, ApiOperation operation) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(operation);
}
