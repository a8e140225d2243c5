using System.Text.Json.Nodes;
using Marketplace.Needs.Contracts;
using Marketplace.ServiceKit.Http;
using Marketplace.ServiceKit.Security;

namespace Marketplace.Needs.Domain;

/// <summary>
/// The rules of a need's referral to the MIRPS Fund (API.md "MIRPS Fund"): who may refer it, when it cannot
/// be referred, and when it falls due for an automatic referral.
/// </summary>
public static class ReferralRules
{
    public static readonly IReadOnlySet<string> RequestFields = new HashSet<string> { "reason" };

    /// <summary>The reason recorded on an automatic referral.</summary>
    public const string AutomaticReason = "No proposal or approval within the referral period.";

    /// <summary>The need's own member state or the secretariat.</summary>
    public static bool MayRefer(Caller caller, Need need) =>
        caller.Role == Roles.Secretariat || (caller.Role == Roles.State && caller.Org == need.Fields.Country);

    /// <returns>Why the need cannot be referred now (a 409), or null.</returns>
    public static string? Conflict(Need need) => need.Status switch
    {
        NeedStatus.Withdrawn or NeedStatus.Funded => $"A need that is {need.Status} cannot be referred to the MIRPS Fund.",
        _ when need.ActiveReferral is not null => "The need is already referred to the MIRPS Fund.",
        _ => null,
    };

    public static string? ValidateReason(JsonObject body, FieldErrors errors)
    {
        var fields = new RequestFields(body, errors);
        fields.RejectUnknown(RequestFields, new HashSet<string>());
        return fields.String("reason", true, 1, 1000);
    }

    /// <summary>A need whose referral clock started at or before this instant is due at <paramref name="now"/>.</summary>
    public static DateTimeOffset DueCutoff(DateTimeOffset now, int referralAfterDays) => now - TimeSpan.FromDays(referralAfterDays);

    public static Need Refer(Need need, NeedReferral referral, DateTimeOffset now) =>
        need with { Referral = referral, UpdatedAt = now, Version = need.Version + 1 };

    public static JsonObject Details(NeedReferral referral) => new()
    {
        ["at"] = referral.At,
        ["reason"] = referral.Reason,
        ["by"] = referral.By,
    };
}
