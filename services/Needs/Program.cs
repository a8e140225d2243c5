using Marketplace.Needs.Extensions;
using Marketplace.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddNeedsServices();

var app = builder.Build();

app.MapNeedsApi();

app.Run();

public partial class Program;
