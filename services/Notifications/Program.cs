using Marketplace.Notifications.Extensions;
using Marketplace.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddNotificationsServices();

var app = builder.Build();

app.MapNotificationsApi();

app.Run();

public partial class Program;
