namespace Marketplace.Persistence.ContractTests.Support;

/// <summary>The MongoDB the suite runs against: <c>MONGODB_URI</c>, a replica set (transactions need one).</summary>
public static class MongoEnvironment
{
    public const string Variable = "MONGODB_URI";
    public const string SkipReason = "MONGODB_URI is not set";

    public static string? Uri => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } uri ? uri : null;
}
