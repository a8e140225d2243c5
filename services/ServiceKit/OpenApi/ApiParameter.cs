namespace Marketplace.ServiceKit.OpenApi;

/// <summary>A query or header parameter of an <see cref="ApiOperation"/>; <c>Allowed</c> lists its values when it is a code.</summary>
public sealed record ApiParameter(string Name, string In, string Description, IReadOnlyList<string>? Allowed, bool Required);
