using Marketplace.Flows.Extensions;
using Marketplace.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddFlowsServices();

var app = builder.Build();

app.MapFlowsApi();

app.Run();

public partial class Program;
