using Marketplace.ServiceKit.Http;

namespace Marketplace.ServiceKit.OpenApi;

/// <summary>
/// What the API document says about one endpoint beyond its route: summary, query parameters, body,
/// responses and problems. Attach it with <see cref="OpenApiExtensions.WithApi{TBuilder}"/>; the
/// security requirement comes from the endpoint's authorization metadata.
/// </summary>
public sealed class ApiOperation(string operationId, string tag, string summary)
{
    private readonly List<ApiParameter> _parameters = [];
    private readonly SortedDictionary<int, ApiResponse> _responses = [];
    private readonly SortedSet<int> _problems = [];

    public string OperationId { get; } = operationId;
    public string Tag { get; } = tag;
    public string Summary { get; } = summary;
    public string? Description { get; private set; }
    public ApiSchema? RequestBody { get; private set; }
    public bool MergePatch { get; private set; }
    public IReadOnlyList<ApiParameter> Parameters => _parameters;
    public IReadOnlyDictionary<int, ApiResponse> Responses => _responses;
    public IReadOnlyCollection<int> Problems => _problems;

    public ApiOperation Describe(string description)
    {
        Description = description;
        return this;
    }

    public ApiOperation Query(string name, string description, IEnumerable<string>? allowed = null, bool required = false)
    {
        _parameters.Add(new ApiParameter(name, "query", description, allowed?.ToArray(), required));
        return this;
    }

    public ApiOperation Header(string name, string description, bool required = false)
    {
        _parameters.Add(new ApiParameter(name, "header", description, null, required));
        return this;
    }

    /// <summary>A JSON body; <paramref name="mergePatch"/> also accepts <c>application/merge-patch+json</c>.</summary>
    public ApiOperation Body(ApiSchema schema, bool mergePatch = false)
    {
        RequestBody = schema;
        MergePatch = mergePatch;
        return this;
    }

    public ApiOperation Returns(int status, ApiSchema? schema, string description, ApiResponseShape shape = ApiResponseShape.Single)
    {
        _responses[status] = new ApiResponse(schema, description, shape);
        return this;
    }

    /// <summary>A paged list (API.md "Lists") that also exports as CSV (API.md "Exports").</summary>
    public ApiOperation ReturnsPage(ApiSchema item, string description)
    {
        Query("pageSize", $"Items per page, 1 to {PageToken.MaxPageSize} (default {PageToken.DefaultPageSize}). Ignored by CSV exports.");
        Query("pageToken", "The nextPageToken of the previous page. A CSV export starts after it.");
        Query("format", "json (default) or csv; Accept: text/csv also selects CSV.", ["json", "csv"]);
        return Returns(200, item, description, ApiResponseShape.Page);
    }

    /// <summary>A whole (short) list that also exports as CSV.</summary>
    public ApiOperation ReturnsItems(ApiSchema item, string description)
    {
        Query("format", "json (default) or csv; Accept: text/csv also selects CSV.", ["json", "csv"]);
        return Returns(200, item, description, ApiResponseShape.Items);
    }

    /// <summary>An XML document valid against an external schema, which <paramref name="description"/> names.</summary>
    public ApiOperation ReturnsXml(int status, string description) => Returns(status, null, description, ApiResponseShape.Xml);

    /// <summary>An HTML page for a person's browser (no JSON schema).</summary>
    public ApiOperation ReturnsHtml(int status, string description) => Returns(status, null, description, ApiResponseShape.Html);

    /// <summary>The problem statuses this endpoint can answer besides 401, 403 and 429, which follow from its security.</summary>
    public ApiOperation Fails(params int[] statuses)
    {
        foreach (var status in statuses) _problems.Add(status);
        return this;
    }
}
