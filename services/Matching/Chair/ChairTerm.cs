namespace Marketplace.Matching.Chair;

/// <summary>The Support Platform chair's term as the identity service publishes it: inclusive UTC dates, <see cref="Until"/> null when open-ended.</summary>
public sealed record ChairTerm(string Org, DateOnly From, DateOnly? Until)
{
    public bool IsActiveAt(DateTimeOffset instant)
    {
        var day = DateOnly.FromDateTime(instant.UtcDateTime);
        return From <= day && (Until is null || day <= Until);
    }
}
