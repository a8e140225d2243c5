namespace Marketplace.TestSupport;

/// <summary>
/// A directory under the system temp folder, deleted with everything in it on dispose, unless
/// MARKETPLACE_KEEP_TEST_DATA=1 (to read the logs of a failed end-to-end run).
/// </summary>
public sealed class TemporaryDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("marketplace-test-").FullName;

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("MARKETPLACE_KEEP_TEST_DATA") == "1") return;
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
