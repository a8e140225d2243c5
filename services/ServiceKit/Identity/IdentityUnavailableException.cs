namespace Marketplace.ServiceKit.Identity;

/// <summary>A resource of the identity service could not be read now (unreachable, refused, or an unreadable answer).</summary>
public sealed class IdentityUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
