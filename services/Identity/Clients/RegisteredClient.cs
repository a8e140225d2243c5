namespace Marketplace.Identity.Clients;

/// <summary>A client as the store holds it: never the secret itself, only its PBKDF2 hash.</summary>
public sealed record RegisteredClient(string ClientId, string SecretHash, string Role, string Org);
