using Marketplace.ServiceKit.Http;
using Microsoft.AspNetCore.Http;

namespace Marketplace.UnitTests;

public sealed class VersioningTests
{
    [Theory]
    [InlineData("\"3\"")]
    [InlineData("W/\"3\"")]
    [InlineData(" \"3\" ")]
    [InlineData("3")]
    public void ReadIfMatch_CurrentVersion_ReturnsIt(string ifMatch)
    {
        var (expected, error) = Versioning.ReadIfMatch(Request(ifMatch), currentVersion: 3);

        Assert.Null(error);
        Assert.Equal(3, expected);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void ReadIfMatch_Missing_Is428(string? ifMatch)
    {
        var (_, error) = Versioning.ReadIfMatch(Request(ifMatch), currentVersion: 3);

        Assert.Equal(StatusCodes.Status428PreconditionRequired, StatusOf(error));
    }

    [Theory]
    [InlineData("\"2\"")]
    [InlineData("\"4\"")]
    [InlineData("W/\"1\"")]
    [InlineData("\"three\"")]
    [InlineData("\"\"")]
    [InlineData("\"99999999999999999999\"")]
    public void ReadIfMatch_StaleOrUnreadable_Is412(string ifMatch)
    {
        var (_, error) = Versioning.ReadIfMatch(Request(ifMatch), currentVersion: 3);

        Assert.Equal(StatusCodes.Status412PreconditionFailed, StatusOf(error));
    }

    [Theory]
    [InlineData(1, "\"1\"")]
    [InlineData(42, "\"42\"")]
    public void ETagOf_Version_IsTheQuotedInteger(long version, string expected)
    {
        Assert.Equal(expected, Versioning.ETagOf(version));
    }

    [Fact]
    public void SetETag_ThenReadIfMatchWithIt_Matches()
    {
        var response = new DefaultHttpContext().Response;
        Versioning.SetETag(response, 7);

        var (expected, error) = Versioning.ReadIfMatch(Request(response.Headers.ETag.ToString()), currentVersion: 7);

        Assert.Null(error);
        Assert.Equal(7, expected);
    }

    private static HttpRequest Request(string? ifMatch)
    {
        var context = new DefaultHttpContext();
        if (ifMatch is not null) context.Request.Headers.IfMatch = ifMatch;
        return context.Request;
    }

    private static int? StatusOf(IResult? result) => (result as IStatusCodeHttpResult)?.StatusCode;
}
