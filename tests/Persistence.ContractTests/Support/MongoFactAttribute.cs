namespace Marketplace.Persistence.ContractTests.Support;

/// <summary>A test that needs a real MongoDB: skipped, saying why, when <c>MONGODB_URI</c> is not set.</summary>
public sealed class MongoFactAttribute : FactAttribute
{
    public MongoFactAttribute()
    {
        if (MongoEnvironment.Uri is null) Skip = MongoEnvironment.SkipReason;
    }
}
