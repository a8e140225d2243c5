using Marketplace.Matching.Extensions;
using Marketplace.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddMatchingServices();

var app = builder.Build();

app.MapMatchingApi();

app.Run();

public partial class Program;
