using System.Text.Json;
using Marketplace.ServiceKit.Http;
using Marketplace.ServiceKit.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Marketplace.ServiceKit.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> on every <c>POST</c> under <c>/api/v1</c> (API.md "Conventions"), once for every
/// service. The key is scoped to the caller (token subject) and the path. The first request claims it and
/// its response (status, body, <c>Location</c>, <c>ETag</c>) is kept; a later request with the same key and
/// the same JSON body gets that response replayed and changes nothing; one with a different body is 422. A
/// duplicate that arrives while the first is running waits for it, up to
/// <see cref="IdempotencyOptions.WaitMilliseconds"/>, then gets 409 with <c>Retry-After</c>. A 5xx or a
/// failure is not kept, so the retry runs again. A success of an endpoint marked <see cref="ResponseHoldsSecret"/>
/// is not kept either: the key is recorded with the request's fingerprint and a 409 problem in place of the
/// response, so a repeat answers 409 and changes nothing. Runs after authentication and authorization: a request
/// that is refused there never claims a key.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next, IIdempotencyStore store, IOptions<IdempotencyOptions> options, TimeProvider clock)
{
    public const string HeaderName = "Idempotency-Key";
    public const string ReplayedHeaderName = "Idempotent-Replayed";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>What a repeat of a request whose response held a secret gets instead of that response.</summary>
    private static readonly StoredResponse SecretNotKept = new(StatusCodes.Status409Conflict, "application/problem+json", null, null,
        JsonSerializer.SerializeToUtf8Bytes(new ProblemDetails
        {
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.10",
            Title = "Conflict",
            Status = StatusCodes.Status409Conflict,
            Detail = "A request with this Idempotency-Key already succeeded, and its response held a secret, which is never kept for replay; "
                + "it was not run again. Read the result through the API (the secret itself cannot be shown again).",
        }, JsonSerializerOptions.Web));

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method) || !request.Path.StartsWithSegments("/api/v1")
            || !request.Headers.TryGetValue(HeaderName, out var values))
        {
            await next(context);
            return;
        }
        var clientKey = values.ToString();
        if (values.Count != 1 || clientKey.Length is < 1 or > 255 || clientKey.Any(c => c is < ' ' or > '~'))
        {
            var errors = new FieldErrors();
            errors.Add(HeaderName, "must be one value of 1 to 255 printable ASCII characters");
            await Problems.Validation(errors).ExecuteAsync(context);
            return;
        }

        var body = await ReadBodyAsync(request, context.RequestAborted);
        if (body is null)
        {
            await next(context); // over the body limit: the endpoint answers 413, nothing to keep
            return;
        }
        var key = RequestFingerprint.ScopedKey(Caller.From(context.User).Subject, request.Path.Value!, clientKey);
        var fingerprint = RequestFingerprint.Of(body);
        var o = options.Value;
        var waitUntil = clock.GetUtcNow() + TimeSpan.FromMilliseconds(o.WaitMilliseconds);
        while (true)
        {
            var now = clock.GetUtcNow();
            var claim = await store.ClaimAsync(key, fingerprint, now, now + TimeSpan.FromSeconds(o.LockSeconds), context.RequestAborted);
            switch (claim.Outcome)
            {
                case ClaimOutcome.Claimed:
                    await RunAndKeepAsync(context, key, TimeSpan.FromHours(o.RetentionHours));
                    return;
                case ClaimOutcome.Replay:
                    await ReplayAsync(context.Response, claim.Response!);
                    return;
                case ClaimOutcome.Mismatch:
                    await Problems.Problem(StatusCodes.Status422UnprocessableEntity, "Idempotency-Key reused",
                        "This Idempotency-Key was already used with a different request body; use a new key for a new request.")
                        .ExecuteAsync(context);
                    return;
                case ClaimOutcome.InProgress when clock.GetUtcNow() < waitUntil:
                    await Task.Delay(PollInterval, clock, context.RequestAborted);
                    break;
                default:
                    context.Response.Headers.RetryAfter = "1";
                    await Problems.Conflict("A request with this Idempotency-Key is still being processed; retry after a moment.")
                        .ExecuteAsync(context);
                    return;
            }
        }
    }

    private async Task RunAndKeepAsync(HttpContext context, string key, TimeSpan retention)
    {
        var response = context.Response;
        var original = response.Body;
        using var captured = new MemoryStream();
        response.Body = captured;
        try
        {
            await next(context);
        }
        catch
        {
            response.Body = original;
            await store.ReleaseAsync(key, CancellationToken.None);
            throw;
        }
        response.Body = original;
        var bytes = captured.ToArray();
        if (response.StatusCode >= 500)
        {
            await store.ReleaseAsync(key, CancellationToken.None);
        }
        else if (response.StatusCode is >= 200 and < 300 && context.GetEndpoint()?.Metadata.GetMetadata<ResponseHoldsSecret>() is not null)
        {
            await store.CompleteAsync(key, SecretNotKept, clock.GetUtcNow() + retention, CancellationToken.None);
        }
        else
        {
            var stored = new StoredResponse(response.StatusCode, response.ContentType, Header(response, "Location"), Header(response, "ETag"), bytes);
            await store.CompleteAsync(key, stored, clock.GetUtcNow() + retention, CancellationToken.None);
        }
        await original.WriteAsync(bytes, context.RequestAborted);
    }

    private static async Task ReplayAsync(HttpResponse response, StoredResponse stored)
    {
        response.StatusCode = stored.Status;
        if (stored.ContentType is not null) response.ContentType = stored.ContentType;
        if (stored.Location is not null) response.Headers.Location = stored.Location;
        if (stored.ETag is not null) response.Headers.ETag = stored.ETag;
        response.Headers[ReplayedHeaderName] = "true";
        response.ContentLength = stored.Body.Length;
        await response.Body.WriteAsync(stored.Body);
    }

    /// <summary>The body, buffered so the endpoint reads it again; null when it is over API.md's 64 KiB limit.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > JsonBody.MaxBytes) return null;
        request.EnableBuffering(JsonBody.MaxBytes + 1, JsonBody.MaxBytes + 1);
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > JsonBody.MaxBytes)
            {
                request.Body.Position = 0;
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        request.Body.Position = 0;
        return buffer.ToArray();
    }

    private static string? Header(HttpResponse response, string name) =>
        response.Headers.TryGetValue(name, out var value) && value.Count > 0 ? value.ToString() : null;
}
