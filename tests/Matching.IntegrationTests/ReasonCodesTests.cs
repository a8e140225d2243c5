using System.Reflection;
using Marketplace.Matching.Domain;

namespace Marketplace.Matching.IntegrationTests;

public sealed class ReasonCodesTests
{
    private static readonly string[] Codes = typeof(MatchReasonCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToArray();

    [Fact]
    public void EveryReasonCode_IsDocumented_AndTranslatedInBothLanguagesOfTheWebApp()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Marketplace.slnx"))) root = root.Parent!;
        var docs = File.ReadAllText(Path.Combine(root.FullName, "docs", "api.md"));
        var messages = File.ReadAllText(Path.Combine(root.FullName, "gateway", "wwwroot", "js", "messages.js"));

        Assert.True(Codes.Length >= 10);
        Assert.All(Codes, code => Assert.Contains($"| `{code}` |", docs));
        Assert.All(Codes.Where(c => c != MatchReasonCodes.Note), code =>
            Assert.Equal(2, messages.Split($"'reason.{code}':").Length - 1));
    }
}
