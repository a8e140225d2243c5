using Xunit.Sdk;

namespace Marketplace.Persistence.ContractTests.Support;

/// <summary>
/// A test of the shared store contract, written once in an abstract class and run by each provider's
/// subclass. In a subclass marked <see cref="IRequiresMongo"/> it is skipped ("MONGODB_URI is not set")
/// when no MongoDB is configured, exactly like <see cref="MongoFactAttribute"/>.
/// </summary>
[XunitTestCaseDiscoverer("Marketplace.Persistence.ContractTests.Support.ContractFactDiscoverer", "Persistence.ContractTests")]
public sealed class ContractFactAttribute : FactAttribute;
