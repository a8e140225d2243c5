using System.Text;
using Marketplace.ServiceKit.Http;

namespace Marketplace.UnitTests;

public sealed class PageTokenTests
{
    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(50_000L)]
    [InlineData(long.MaxValue)]
    public void Encode_ThenTryDecode_ReturnsTheSameSequenceNumber(long seq)
    {
        var token = PageToken.Encode(seq);

        Assert.True(PageToken.TryDecode(token, out var decoded));
        Assert.Equal(seq, PageToken.Sequence(decoded));
    }

    [Fact]
    public void Encode_AnySequenceNumber_IsUrlSafe()
    {
        var token = PageToken.Encode(long.MaxValue);

        Assert.All(token, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_', $"'{c}' is not URL-safe"));
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("!!!!")]
    [InlineData("a")]
    [InlineData("%%%")]
    [InlineData("dj")]
    public void TryDecode_Garbage_IsRejected(string token)
    {
        Assert.False(PageToken.TryDecode(token, out _));
    }

    [Fact]
    public void TryDecode_TamperedPrefix_IsRejected()
    {
        var token = PageToken.Encode(1234567890L);
        var chars = token.ToCharArray();

        for (var i = 0; i < 4; i++)
        {
            var tampered = (char[])chars.Clone();
            tampered[i] = tampered[i] == 'A' ? 'B' : 'A';

            Assert.False(PageToken.TryDecode(new string(tampered), out _), $"tampered at {i}: {new string(tampered)}");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void TryDecode_TruncatedToken_IsRejectedOrDecodesToAnotherPosition(int cut)
    {
        var token = PageToken.Encode(1234567890L);

        var accepted = PageToken.TryDecode(token[..^cut], out var decoded);

        Assert.False(accepted && decoded == "1234567890");
    }

    [Theory]
    [InlineData("v2:need_1")]
    [InlineData("v1:need_1")]
    [InlineData("v1:42")]
    [InlineData("v2:-1")]
    [InlineData("v2:")]
    [InlineData("v2: 42")]
    [InlineData("need_1")]
    [InlineData("V2:42")]
    public void TryDecode_OtherFormatOrVersion_IsRejected(string payload)
    {
        var token = Convert.ToBase64String(Encoding.UTF8.GetBytes(payload)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        Assert.False(PageToken.TryDecode(token, out _));
    }

    [Fact]
    public void TryDecode_OverlongPayload_IsRejected()
    {
        var token = Convert.ToBase64String(Encoding.UTF8.GetBytes("v2:" + new string('1', 300))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        Assert.False(PageToken.TryDecode(token, out _));
    }

    [Theory]
    [InlineData(null, null, 50, null)]
    [InlineData("1", null, 1, null)]
    [InlineData("200", null, 200, null)]
    [InlineData("0", null, 50, "pageSize")]
    [InlineData("201", null, 50, "pageSize")]
    [InlineData("-1", null, 50, "pageSize")]
    [InlineData("ten", null, 50, "pageSize")]
    [InlineData("99999999999", null, 50, "pageSize")]
    [InlineData(null, "not-a-token", 50, "pageToken")]
    public void Read_Query_ValidatesPageSizeAndToken(string? pageSize, string? pageToken, int expectedSize, string? expectedError)
    {
        var errors = new FieldErrors();

        var (size, after) = PageToken.Read(pageSize, pageToken, errors);

        Assert.Null(after);
        if (expectedError is null)
        {
            Assert.False(errors.Any);
            Assert.Equal(expectedSize, size);
        }
        else
        {
            Assert.Equal([expectedError], errors.ToDictionary().Keys);
        }
    }

    [Fact]
    public void Read_IssuedToken_ReturnsThePositionToListAfter()
    {
        var errors = new FieldErrors();

        var (_, after) = PageToken.Read("10", PageToken.Encode(42), errors);

        Assert.False(errors.Any);
        Assert.Equal(42, PageToken.Sequence(after));
    }
}
