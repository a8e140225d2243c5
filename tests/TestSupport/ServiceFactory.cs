using Grpc.Net.Client;
using MassTransit;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Headers;

namespace Marketplace.TestSupport;

/// <summary>
/// A marketplace service in memory: its own temp data directory, tokens validated against
/// <see cref="TestTokens"/>, and the MassTransit test harness in place of RabbitMQ. Production wiring is
/// untouched; only registrations are replaced.
/// </summary>
public class ServiceFactory<TProgram> : WebApplicationFactory<TProgram> where TProgram : class
{
    private readonly TemporaryDirectory _data = new();

    public string DataDirectory => _data.Path;

    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = _data.Path,
            ["Auth:Authority"] = TestTokens.Issuer,
        }));
        builder.ConfigureTestServices(services =>
        {
            services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, jwt =>
            {
                jwt.Authority = null;
                jwt.Configuration = new Microsoft.IdentityModel.Protocols.OpenIdConnect.OpenIdConnectConfiguration { Issuer = TestTokens.Issuer };
                jwt.TokenValidationParameters.ValidIssuer = TestTokens.Issuer;
                jwt.TokenValidationParameters.IssuerSigningKey = TestTokens.SigningKey;
            });
            services.UseStaticJwtConfiguration();
            services.AddMassTransitTestHarness();
            ConfigureServices(services);
        });
    }

    public HttpClient ClientAs(string role, string org)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Create(role, org));
        return client;
    }

    /// <summary>A real gRPC channel over the in-memory server (HTTP/2 through the test handler).</summary>
    public GrpcChannel GrpcChannelAs(string role, string org)
    {
        var token = TestTokens.Create(role, org);
        var handler = new BearerHandler(token) { InnerHandler = Server.CreateHandler() };
        return GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions { HttpHandler = handler });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _data.Dispose();
    }

    private sealed class BearerHandler(string token) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return base.SendAsync(request, ct);
        }
    }
}
