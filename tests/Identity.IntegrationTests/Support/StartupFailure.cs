namespace Marketplace.Identity.IntegrationTests.Support;

public static class StartupFailure
{
    /// <summary>Starts the app expecting it to fail and returns every message of the exception chain.</summary>
    public static string Capture(IdentityApplicationFactory factory)
    {
        var exception = Record.Exception(() => factory.CreateClient());
        Assert.NotNull(exception);
        return string.Join(Environment.NewLine, Flatten(exception));
    }

    private static IEnumerable<string> Flatten(Exception exception)
    {
        yield return exception.Message;
        IEnumerable<Exception> inner = exception is AggregateException aggregate
            ? aggregate.InnerExceptions
            : exception.InnerException is { } single ? [single] : Array.Empty<Exception>();
        foreach (var child in inner)
        {
            foreach (var message in Flatten(child))
            {
                yield return message;
            }
        }
    }
}
