using Marketplace.Pledges.Extensions;
using Marketplace.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPledgesServices();

var app = builder.Build();

app.MapPledgesApi();

app.Run();

public partial class Program;
