using Microsoft.AspNetCore.Http;

namespace Marketplace.ServiceKit.Http;

/// <summary>RFC 9457 problem responses with the status codes API.md assigns.</summary>
public static class Problems
{
    public static IResult Validation(FieldErrors errors) =>
        Results.ValidationProblem(errors.ToDictionary(), title: "The request has invalid fields.", statusCode: 400);

    public static IResult BadRequest(string detail) => Problem(400, "Bad request", detail);

    public static IResult NotFound(string detail) => Problem(404, "Not found", detail);

    public static IResult Forbidden(string detail) => Problem(403, "Forbidden", detail);

    public static IResult Conflict(string detail) => Problem(409, "Conflict", detail);

    public static IResult PreconditionFailed(long currentVersion) =>
        Problem(412, "Precondition failed", $"The resource has changed; its current version is {currentVersion}.");

    public static IResult PreconditionRequired() =>
        Problem(428, "Precondition required", "Send If-Match: \"<version>\" with the version you last read.");

    public static IResult UnsupportedMediaType() =>
        Problem(415, "Unsupported media type", "Send the body as application/json.");

    public static IResult PayloadTooLarge(int limit) =>
        Problem(413, "Payload too large", $"The body must be at most {limit / 1024} KiB.");

    public static IResult Problem(int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail);
}
