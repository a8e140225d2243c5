using System.ComponentModel;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Marketplace.Persistence.ContractTests.Support;

/// <summary>A contract test case reported as skipped because no MongoDB is configured.</summary>
public sealed class SkippedContractTestCase : XunitTestCase
{
    [EditorBrowsable(EditorBrowsableState.Never)]
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public SkippedContractTestCase()
    {
    }

    public SkippedContractTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay display, TestMethodDisplayOptions options,
        ITestMethod testMethod)
        : base(diagnosticMessageSink, display, options, testMethod)
    {
    }

    protected override string GetSkipReason(IAttributeInfo factAttribute) => MongoEnvironment.SkipReason;
}
