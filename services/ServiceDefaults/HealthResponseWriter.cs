using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Marketplace.ServiceDefaults;

/// <summary>Writes a health report as JSON: the status only on the public port, every check on the internal one.</summary>
public static class HealthResponseWriter
{
    /// <summary><c>{"status":"Healthy"}</c>: what anyone may see (no check names, no error text, no internal host names).</summary>
    public static Task WriteStatusAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new { status = report.Status.ToString() }, JsonSerializerOptions.Web));
    }

    /// <summary>The overall status and each check's status and description, for operators on the internal port.</summary>
    public static Task WriteDetailsAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    }
}
