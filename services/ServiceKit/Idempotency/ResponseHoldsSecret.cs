namespace Marketplace.ServiceKit.Idempotency;

/// <summary>
/// Endpoint metadata: the endpoint's successful response holds a secret (an invitation link), which API.md
/// forbids keeping for replay. The <c>Idempotency-Key</c> is still recorded as used, with the request's
/// fingerprint but without the response: a repeat with the same body answers 409 and runs nothing again; a
/// different body is 422 as usual. Error responses hold no secret and are replayed as for any endpoint.
/// Set it with <see cref="IdempotencyExtensions.HoldsSecretResponse{TBuilder}"/>.
/// </summary>
public sealed class ResponseHoldsSecret
{
    public static readonly ResponseHoldsSecret Instance = new();

    private ResponseHoldsSecret()
    {
    }
}
