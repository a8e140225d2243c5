namespace Marketplace.ServiceKit.Idempotency;

/// <summary>The first response to an idempotent request, kept to be replayed: status, body and the headers that matter.</summary>
public sealed record StoredResponse(int Status, string? ContentType, string? Location, string? ETag, byte[] Body);
