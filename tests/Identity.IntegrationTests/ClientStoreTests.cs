using System.Text;
using Marketplace.Identity.IntegrationTests.Support;
using Microsoft.Data.Sqlite;

namespace Marketplace.Identity.IntegrationTests;

public sealed class ClientStoreTests : IDisposable
{
    private readonly TemporaryDirectory _data = new();

    [Fact]
    public async Task Start_WithDemoClients_StoresOnlySaltedSecretHashes()
    {
        using (var factory = new IdentityApplicationFactory(_data.Path))
        using (var http = factory.CreateClient())
        {
            await TokenClient.GetAccessTokenAsync(http, "state-sv");
        }
        SqliteConnection.ClearAllPools();

        var databaseFiles = Directory.GetFiles(_data.Path, "identity.db*");
        Assert.NotEmpty(databaseFiles);
        foreach (var file in databaseFiles)
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.DoesNotContain(TokenClient.DemoSecret, Encoding.UTF8.GetString(bytes));
        }

        var hashes = new List<string>();
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(_data.Path, "identity.db")};Mode=ReadOnly;Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT secret_hash FROM clients";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                hashes.Add(reader.GetString(0));
            }
        }

        Assert.Equal(24, hashes.Count);
        Assert.All(hashes, h => Assert.StartsWith("pbkdf2-sha256$100000$", h));
        // One salt per secret: the same demo secret never hashes to the same value twice.
        Assert.Equal(hashes.Count, hashes.Distinct().Count());
    }

    public void Dispose() => _data.Dispose();
}
