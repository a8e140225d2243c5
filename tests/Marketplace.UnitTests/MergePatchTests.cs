using System.Text.Json.Nodes;
using Marketplace.ServiceKit.Http;

namespace Marketplace.UnitTests;

public sealed class MergePatchTests
{
    /// <summary>RFC 7386 appendix A, the cases whose target and patch are objects, plus nesting.</summary>
    [Theory]
    [InlineData("""{"a":"b"}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"b":"c"}""", """{"a":"b","b":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"a":null}""", """{}""")]
    [InlineData("""{"a":"b","b":"c"}""", """{"a":null}""", """{"b":"c"}""")]
    [InlineData("""{"a":["b"]}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"c"}""", """{"a":["b"]}""", """{"a":["b"]}""")]
    [InlineData("""{"a":{"b":"c"}}""", """{"a":{"b":"d","c":null}}""", """{"a":{"b":"d"}}""")]
    [InlineData("""{"a":[{"b":"c"}]}""", """{"a":[1]}""", """{"a":[1]}""")]
    [InlineData("""{"e":null}""", """{"a":1}""", """{"e":null,"a":1}""")]
    [InlineData("""{}""", """{"a":{"bb":{"ccc":null}}}""", """{"a":{"bb":{}}}""")]
    [InlineData("""{"a":"x"}""", """{"a":{"b":"c","d":null}}""", """{"a":{"b":"c"}}""")]
    [InlineData("""{"a":{"b":{"c":1,"d":2}},"z":0}""", """{"a":{"b":{"c":null,"e":3}}}""", """{"a":{"b":{"d":2,"e":3}},"z":0}""")]
    [InlineData("""{"a":1}""", """{}""", """{"a":1}""")]
    [InlineData("""{"a":1}""", """{"missing":null}""", """{"a":1}""")]
    [InlineData("""{"a":[1,2]}""", """{"a":[null]}""", """{"a":[null]}""")]
    public void Apply_ObjectPatch_FollowsRfc7386(string target, string patch, string expected)
    {
        var result = MergePatch.Apply(JsonNode.Parse(target)!.AsObject(), JsonNode.Parse(patch)!.AsObject());

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), result), $"got {result.ToJsonString()}");
    }

    [Fact]
    public void Apply_AnyPatch_LeavesTargetAndPatchUnchanged()
    {
        var target = JsonNode.Parse("""{"a":{"b":1},"c":[1]}""")!.AsObject();
        var patch = JsonNode.Parse("""{"a":{"b":null},"c":null,"d":{"e":1}}""")!.AsObject();

        var result = MergePatch.Apply(target, patch);
        result["d"]!["e"] = 2;

        Assert.Equal("""{"a":{"b":1},"c":[1]}""", target.ToJsonString());
        Assert.Equal("""{"a":{"b":null},"c":null,"d":{"e":1}}""", patch.ToJsonString());
    }

    [Fact]
    public void Diff_ChangedAddedAndRemovedFields_ListsEachWithFromAndTo()
    {
        var before = JsonNode.Parse("""{"a":1,"b":{"x":1},"c":"same","d":"gone"}""")!.AsObject();
        var after = JsonNode.Parse("""{"a":2,"b":{"x":1},"c":"same","e":"new"}""")!.AsObject();

        var diff = MergePatch.Diff(before, after);

        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"a":{"from":1,"to":2},"d":{"from":"gone","to":null},"e":{"from":null,"to":"new"}}"""), diff),
            diff.ToJsonString());
    }
}
