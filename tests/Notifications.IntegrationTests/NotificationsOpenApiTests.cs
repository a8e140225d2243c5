using Marketplace.TestSupport;

namespace Marketplace.Notifications.IntegrationTests;

[Collection(MailCollection.Name)]
public sealed class NotificationsOpenApiTests(Smtp4devFixture mail)
{
    [Fact]
    public async Task Document_DescribesEveryEndpoint_Completely()
    {
        await using var factory = new NotificationsFactory(mail.Server.SmtpPort, new FakePeople());
        var document = await OpenApiCoverage.AssertDocumentsEveryEndpointAsync(factory);
        Assert.Null(document["paths"]!["/api/v1/notifications/unsubscribe"]!["post"]!["security"]);
        Assert.NotNull(document["paths"]!["/api/v1/webhooks"]!["post"]!["security"]);
    }
}
