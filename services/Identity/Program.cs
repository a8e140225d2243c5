using Marketplace.Identity.Extensions;
using Marketplace.Identity.Organisations;
using Marketplace.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddIdentityServices();

var app = builder.Build();

app.UseTokenServer();
app.MapPeopleSignIn();
app.MapDefaultEndpoints();
app.MapOrganisationsApi();

app.Run();

public partial class Program;
