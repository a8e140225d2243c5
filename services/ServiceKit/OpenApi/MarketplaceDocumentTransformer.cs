using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Marketplace.ServiceKit.OpenApi;

/// <summary>
/// Completes the generated document from each endpoint's <see cref="ApiOperation"/>: operation ids,
/// summaries, tags, query and header parameters, request and response schemas with examples (named
/// components), CSV export media types, RFC 9457 problem responses, and the two OAuth 2.0 security
/// schemes of API.md "Identity" required by every endpoint that needs a token.
/// </summary>
internal sealed class MarketplaceDocumentTransformer(string title) : IOpenApiDocumentTransformer
{
    public const string ClientCredentials = "clientCredentials";
    public const string AuthorizationCode = "authorizationCode";
    private const string Problem = "Problem";
    private const string ValidationProblem = "ValidationProblem";
    private const string ProblemJson = "application/problem+json";

    private static readonly Dictionary<int, string> ProblemTitles = new()
    {
        [400] = "Invalid input: every invalid field is listed in errors.",
        [401] = "No, invalid or expired token.",
        [403] = "Authenticated, but not allowed to do this to this object.",
        [404] = "Unknown id.",
        [409] = "State conflict (would over-allocate, wrong status).",
        [412] = "If-Match does not match the current version.",
        [413] = "Body over 64 KiB.",
        [415] = "Body is not JSON.",
        [428] = "If-Match is missing.",
        [429] = "Rate limited; retry after Retry-After seconds.",
        [503] = "A service this operation depends on is unavailable; retry after Retry-After seconds.",
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = title,
            Version = "v1",
            Description = "Support Platform Pledge Marketplace public API (MIRPS). Lists are paged with pageSize/pageToken and also export as CSV.",
        };
        var components = document.Components ??= new OpenApiComponents();
        components.Schemas ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        components.SecuritySchemes[ClientCredentials] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.OAuth2,
            Description = "Machine clients: OAuth 2.0 client credentials at /connect/token.",
            Flows = new OpenApiOAuthFlows
            {
                ClientCredentials = new OpenApiOAuthFlow { TokenUrl = new Uri("/connect/token", UriKind.Relative), Scopes = new Dictionary<string, string>() },
            },
        };
        components.SecuritySchemes[AuthorizationCode] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.OAuth2,
            Description = "People: OpenID Connect authorization code flow with PKCE (S256 only), public client marketplace-web.",
            Flows = new OpenApiOAuthFlows
            {
                AuthorizationCode = new OpenApiOAuthFlow
                {
                    AuthorizationUrl = new Uri("/connect/authorize", UriKind.Relative),
                    TokenUrl = new Uri("/connect/token", UriKind.Relative),
                    RefreshUrl = new Uri("/connect/token", UriKind.Relative),
                    Scopes = new Dictionary<string, string> { ["openid"] = "Sign in", ["offline_access"] = "Refresh tokens" },
                },
            },
        };
        components.Schemas[Problem] = ProblemSchema(validation: false);
        components.Schemas[ValidationProblem] = ProblemSchema(validation: true);

        foreach (var description in context.DescriptionGroups.SelectMany(g => g.Items))
        {
            var metadata = description.ActionDescriptor.EndpointMetadata;
            var path = "/" + description.RelativePath?.Trim('/');
            var item = document.Paths?.FirstOrDefault(p => "/" + p.Key.Trim('/') == path).Value;
            if (item?.Operations is null) continue;
            var method = new HttpMethod(description.HttpMethod ?? "GET");
            if (!item.Operations.TryGetValue(method, out var operation)) continue;
            var secured = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
            var api = metadata.OfType<ApiOperation>().LastOrDefault();
            if (api is not null) Apply(document, operation, api, secured);
            if (secured) Secure(document, operation, restricted: IsRestricted(metadata));
        }
        return Task.CompletedTask;
    }

    private static bool IsRestricted(IList<object> metadata) =>
        metadata.OfType<IAuthorizeData>().Any(a => a.Policy is not null && a.Policy != Security.Policies.Authenticated);

    private static void Apply(OpenApiDocument document, OpenApiOperation operation, ApiOperation api, bool secured)
    {
        operation.OperationId = api.OperationId;
        operation.Summary = api.Summary;
        operation.Description = api.Description;
        operation.Tags = new HashSet<OpenApiTagReference> { new(api.Tag, document) };
        operation.Parameters ??= [];
        foreach (var parameter in api.Parameters)
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = parameter.Name,
                In = parameter.In == "header" ? ParameterLocation.Header : ParameterLocation.Query,
                Description = parameter.Description,
                Required = parameter.Required,
                Schema = parameter.Allowed is { } allowed
                    ? new OpenApiSchema { Type = JsonSchemaType.String, Enum = allowed.Select(a => (JsonNode)JsonValue.Create(a)!).ToList() }
                    : new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }
        if (api.RequestBody is { } body)
        {
            var content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new() { Schema = Reference(document, body) },
            };
            if (api.MergePatch) content["application/merge-patch+json"] = new() { Schema = Reference(document, body) };
            operation.RequestBody = new OpenApiRequestBody { Required = true, Content = content };
        }
        operation.Responses = new OpenApiResponses();
        foreach (var (status, response) in api.Responses)
        {
            operation.Responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = Response(document, response);
        }
        foreach (var status in api.Problems) AddProblem(operation, status);
        AddProblem(operation, 429);
        if (secured) AddProblem(operation, 401);
    }

    private static void Secure(OpenApiDocument document, OpenApiOperation operation, bool restricted)
    {
        operation.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ClientCredentials, document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(AuthorizationCode, document)] = [] },
        ];
        operation.Responses ??= new OpenApiResponses();
        AddProblem(operation, 401);
        if (restricted) AddProblem(operation, 403);
    }

    private static OpenApiResponse Response(OpenApiDocument document, ApiResponse response)
    {
        if (response.Shape is ApiResponseShape.Xml or ApiResponseShape.Html)
        {
            return new OpenApiResponse
            {
                Description = response.Description,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [response.Shape == ApiResponseShape.Xml ? "application/xml" : "text/html"] =
                        new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = response.Description } },
                },
            };
        }
        if (response.Schema is null) return new OpenApiResponse { Description = response.Description };
        var item = Reference(document, response.Schema);
        var content = new Dictionary<string, OpenApiMediaType>();
        switch (response.Shape)
        {
            case ApiResponseShape.Page:
                content["application/json"] = new() { Schema = ListSchema(item, paged: true) };
                content["text/csv"] = Csv();
                break;
            case ApiResponseShape.Items:
                content["application/json"] = new() { Schema = ListSchema(item, paged: false) };
                content["text/csv"] = Csv();
                break;
            default:
                content["application/json"] = new() { Schema = item };
                break;
        }
        return new OpenApiResponse { Description = response.Description, Content = content };
    }

    private static OpenApiMediaType Csv() => new()
    {
        Schema = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "RFC 4180 CSV, UTF-8, header row: the JSON fields flattened with dots, sets joined with ';', " +
                "text starting with = + - @ prefixed with '. Every page, streamed.",
        },
    };

    private static OpenApiSchema ListSchema(IOpenApiSchema item, bool paged)
    {
        var schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "items" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["items"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = item },
            },
        };
        if (paged)
        {
            schema.Required.Add("nextPageToken");
            schema.Properties["nextPageToken"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String | JsonSchemaType.Null,
                Description = "The cursor of the next page; null on the last page.",
            };
        }
        return schema;
    }

    private static OpenApiSchemaReference Reference(OpenApiDocument document, ApiSchema schema)
    {
        document.Components!.Schemas!.TryAdd(schema.Name, SchemaInference.Infer(schema));
        return new OpenApiSchemaReference(schema.Name, document);
    }

    private static void AddProblem(OpenApiOperation operation, int status)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        operation.Responses ??= new OpenApiResponses();
        if (operation.Responses.ContainsKey(key)) return;
        operation.Responses[key] = new OpenApiResponse
        {
            Description = ProblemTitles.GetValueOrDefault(status, "Problem."),
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [ProblemJson] = new() { Schema = new OpenApiSchemaReference(status == 400 ? ValidationProblem : Problem) },
            },
        };
    }

    private static OpenApiSchema ProblemSchema(bool validation)
    {
        var schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = validation ? "RFC 9457 problem listing every invalid field." : "RFC 9457 problem details.",
            Required = new HashSet<string> { "status", "title" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String },
            },
        };
        if (validation)
        {
            schema.Required.Add("errors");
            schema.Properties["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "Messages by field path, such as amount.amount.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            };
            schema.Examples = [JsonNode.Parse("""{"status":400,"title":"The request has invalid fields.","errors":{"amount.amount":["must be greater than 0"]}}""")!];
        }
        return schema;
    }
}
