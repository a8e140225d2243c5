using Marketplace.Contracts;
using Marketplace.Matching.Chair;
using Marketplace.Matching.Domain;
using Marketplace.ServiceKit.Security;

namespace Marketplace.Matching.Decisions;

/// <summary>
/// Who decides which proposal (API.md "Who decides which proposal"): the secretariat any; the fund manager
/// the Fund's proposals only; the chair a donor's proposals, only while its term is in force at the time of
/// the decision and never one where its own organisation is a party (the pledge's donor or the need's country).
/// </summary>
public static class Deciders
{
    public const string FundOrg = Codelists.Fund;

    /// <summary>Whether the chair term matters for this caller, so that only a chair's decision waits for it.</summary>
    public static bool NeedsChairTerm(Caller caller) => caller.Role == Roles.Chair;

    /// <returns>null when <paramref name="caller"/> may decide <paramref name="match"/>, otherwise why not.</returns>
    public static DecisionOutcome? Refusal(Caller caller, Match match, ChairTerm? term, DateTimeOffset now)
    {
        var fundProposal = match.Donor == FundOrg;
        return caller.Role switch
        {
            Roles.Secretariat => null,
            Roles.FundManager => fundProposal && caller.Org == FundOrg ? null : DecisionOutcome.NotTheFundsProposal,
            Roles.Chair when fundProposal => DecisionOutcome.FundProposal,
            Roles.Chair when term is null || term.Org != caller.Org || !term.IsActiveAt(now) => DecisionOutcome.OutOfTerm,
            Roles.Chair when caller.Org == match.Donor || caller.Org == match.Country => DecisionOutcome.Recused,
            Roles.Chair => null,
            _ => DecisionOutcome.NotADecider,
        };
    }
}
