namespace Marketplace.Persistence.ContractTests.Support;

/// <summary>A theory that needs a real MongoDB: skipped, saying why, when <c>MONGODB_URI</c> is not set.</summary>
public sealed class MongoTheoryAttribute : TheoryAttribute
{
    public MongoTheoryAttribute()
    {
        if (MongoEnvironment.Uri is null) Skip = MongoEnvironment.SkipReason;
    }
}
