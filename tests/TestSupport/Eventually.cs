namespace Marketplace.TestSupport;

/// <summary>Polls until a condition holds or a deadline passes: no fixed sleeps in tests.</summary>
public static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        T last;
        do
        {
            last = await probe();
            if (done(last)) return last;
            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#} s waiting for {what}. Last value: {last}");
    }
}
