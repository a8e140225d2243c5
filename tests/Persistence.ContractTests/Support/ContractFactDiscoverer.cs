using Xunit.Abstractions;
using Xunit.Sdk;

namespace Marketplace.Persistence.ContractTests.Support;

/// <summary>Discovers <see cref="ContractFactAttribute"/> tests, skipping them in MongoDB subclasses without a server.</summary>
public sealed class ContractFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var needsMongo = typeof(IRequiresMongo).IsAssignableFrom(testMethod.TestClass.Class.ToRuntimeType());
        var display = discoveryOptions.MethodDisplayOrDefault();
        var options = discoveryOptions.MethodDisplayOptionsOrDefault();
        yield return needsMongo && MongoEnvironment.Uri is null
            ? new SkippedContractTestCase(diagnosticMessageSink, display, options, testMethod)
            : new XunitTestCase(diagnosticMessageSink, display, options, testMethod);
    }
}
