using System.Text;
using System.Text.Json.Nodes;
using Marketplace.ServiceKit.Http;
using Microsoft.AspNetCore.Http;

namespace Marketplace.UnitTests;

public sealed class JsonBodyTests
{
    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON")]
    [InlineData("application/merge-patch+json")]
    public async Task ReadObjectAsync_JsonObjectWithJsonMediaType_ReturnsIt(string contentType)
    {
        var (body, error) = await Read("""{"title":"ok","n":1,"a":[{"b":null}]}""", contentType);

        Assert.Null(error);
        Assert.Equal("ok", body!["title"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/jsonx")]
    [InlineData("application/problem+json")]
    public async Task ReadObjectAsync_OtherMediaType_Is415(string? contentType)
    {
        Assert.Equal(StatusCodes.Status415UnsupportedMediaType, StatusOf(await Read("{}", contentType)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{\"a\":1,}")]
    [InlineData("{'a':1}")]
    [InlineData("{\"a\":1}{}")]
    [InlineData("{\"a\":1, \"a\":2}")]
    [InlineData("{\"a\":01}")]
    [InlineData("{\"a\":NaN}")]
    [InlineData("{\"a\":\"tab\there\"}")]
    [InlineData("{\"a\":\"\\x41\"}")]
    [InlineData("[]")]
    [InlineData("\"a string\"")]
    [InlineData("null")]
    [InlineData("{\"title\":\"\\ud800\"}")]
    [InlineData("{\"title\":\"abc\\udfff\"}")]
    [InlineData("{\"\\ud83d\":1}")]
    [InlineData("{\"a\":[\"\\udc00\"]}")]
    public async Task ReadObjectAsync_NotAWellFormedObject_Is400(string json)
    {
        Assert.Equal(StatusCodes.Status400BadRequest, StatusOf(await Read(json, "application/json")));
    }

    [Theory]
    [InlineData(15, false)]
    [InlineData(17, true)]
    [InlineData(5000, true)]
    public async Task ReadObjectAsync_DeepNesting_Is400BeyondTheLimit(int depth, bool rejected)
    {
        var json = string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);

        var status = StatusOf(await Read(json, "application/json"));

        Assert.Equal(rejected ? StatusCodes.Status400BadRequest : null, status);
    }

    [Fact]
    public async Task ReadObjectAsync_InvalidUtf8_Is400()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"title\":\"ab\"}");
        bytes[11] = 0xFF;

        Assert.Equal(StatusCodes.Status400BadRequest, StatusOf(await Read(bytes, "application/json")));
    }

    [Fact]
    public async Task ReadObjectAsync_SurrogatePairEscape_IsAccepted()
    {
        var (body, error) = await Read("{\"title\":\"\\ud83c\\udf0e\"}", "application/json");

        Assert.Null(error);
        Assert.Equal("🌎", body!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReadObjectAsync_BodyOver64KiBWithoutContentLength_Is413()
    {
        var json = "{\"d\":\"" + new string('x', JsonBody.MaxBytes) + "\"}";

        Assert.Equal(StatusCodes.Status413PayloadTooLarge, StatusOf(await Read(Encoding.UTF8.GetBytes(json), "application/json", declareLength: false)));
    }

    [Fact]
    public async Task ReadObjectAsync_DeclaredLengthOver64KiB_Is413()
    {
        Assert.Equal(StatusCodes.Status413PayloadTooLarge, StatusOf(await Read("{}"u8.ToArray(), "application/json", declaredLength: JsonBody.MaxBytes + 1)));
    }

    [Fact]
    public async Task ReadObjectAsync_BodyOfExactly64KiB_IsRead()
    {
        var json = "{\"d\":\"" + new string('x', JsonBody.MaxBytes - 8) + "\"}";

        var (body, error) = await Read(json, "application/json");

        Assert.Null(error);
        Assert.Equal(JsonBody.MaxBytes, Encoding.UTF8.GetByteCount(json));
        Assert.NotNull(body);
    }

    private static Task<(JsonObject? Body, IResult? Error)> Read(string json, string? contentType) =>
        Read(Encoding.UTF8.GetBytes(json), contentType);

    private static Task<(JsonObject? Body, IResult? Error)> Read(byte[] bytes, string? contentType,
        bool declareLength = true, long? declaredLength = null)
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = contentType;
        context.Request.Body = new MemoryStream(bytes);
        if (declareLength) context.Request.ContentLength = declaredLength ?? bytes.Length;
        return JsonBody.ReadObjectAsync(context.Request, CancellationToken.None);
    }

    private static int? StatusOf((JsonObject? Body, IResult? Error) read) =>
        (read.Error as IStatusCodeHttpResult)?.StatusCode;
}
