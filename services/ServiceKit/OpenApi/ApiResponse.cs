namespace Marketplace.ServiceKit.OpenApi;

/// <summary>One success response of an <see cref="ApiOperation"/>: its schema (none for an empty body) and shape.</summary>
public sealed record ApiResponse(ApiSchema? Schema, string Description, ApiResponseShape Shape);
