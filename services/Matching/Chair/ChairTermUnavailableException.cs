namespace Marketplace.Matching.Chair;

/// <summary>The chair term could not be read: a chair's decision is then refused (fail closed), never let through.</summary>
public sealed class ChairTermUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
