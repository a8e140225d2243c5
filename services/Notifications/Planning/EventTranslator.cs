using System.Globalization;
using System.Text.Json.Nodes;
using Marketplace.Contracts;
using Marketplace.Flows.Contracts;
using Marketplace.Matching.Contracts;
using Marketplace.Needs.Contracts;
using Marketplace.Notifications.Domain;
using Marketplace.ServiceKit.Http;
using Marketplace.ServiceKit.Security;

namespace Marketplace.Notifications.Planning;

/// <summary>
/// Who learns of what (issue 22): states of proposals, decisions, referrals and disbursements awaiting
/// receipt for their needs; donors of proposals and decisions on their pledges and of commitments due; the
/// chair and the secretariat of proposals waiting for their decision (the secretariat alone when the chair
/// must recuse itself); the fund manager of referrals and Fund proposals. Webhooks of both parties' orgs.
/// </summary>
public static class EventTranslator
{
    public const string SecretariatOrg = "UNHCR-OAS";
    public const string FundOrg = Codelists.Fund;

    public static MarketplaceEvent Proposed(string eventId, MatchProposed m, string? chairOrg)
    {
        var fund = m.Donor == FundOrg;
        var audiences = new List<Audience> { new(m.Country, Roles.State, NotificationKinds.Proposal), new(m.Donor, PartyRole(m.Donor), NotificationKinds.Proposal) };
        if (fund) audiences.Add(new(SecretariatOrg, Roles.Secretariat, NotificationKinds.DecisionWaiting));
        else if (chairOrg == m.Donor) audiences.Add(new(SecretariatOrg, Roles.Secretariat, NotificationKinds.Recusal));
        else
        {
            if (chairOrg is not null) audiences.Add(new(chairOrg, Roles.Chair, NotificationKinds.DecisionWaiting));
            audiences.Add(new(SecretariatOrg, Roles.Secretariat, NotificationKinds.DecisionWaiting));
        }
        var amount = Amount(m.Amount, m.Currency);
        var recusal = !fund && chairOrg == m.Donor;
        return new(eventId, EventTypes.MatchProposed, m.ProposedAt, m.MatchId, new JsonObject
        {
            ["matchId"] = m.MatchId, ["needId"] = m.NeedId, ["pledgeId"] = m.PledgeId, ["country"] = m.Country, ["donor"] = m.Donor,
            ["sector"] = m.Sector, ["amount"] = Money(m.Amount, m.Currency), ["needAmount"] = Money(m.NeedAmount, m.NeedCurrency),
            ["roundId"] = m.RoundId,
        }, [m.Country, m.Donor], audiences,
            new($"Nueva propuesta: {m.Donor} → {m.Country}, {amount}", $"New proposal: {m.Donor} → {m.Country}, {amount}"),
            new($"La ronda de emparejamiento propone que la contribución {m.PledgeId} de {m.Donor} financie la necesidad {m.NeedId} de {m.Country} ({m.Sector}) con {amount}."
                + (recusal ? " La presidencia es parte: decide la secretaría." : ""),
                $"The matching round proposes that pledge {m.PledgeId} of {m.Donor} funds need {m.NeedId} of {m.Country} ({m.Sector}) with {amount}."
                + (recusal ? " The chair is a party: the secretariat decides." : "")));
    }

    public static MarketplaceEvent Approved(string eventId, MatchApproved m)
    {
        var amount = Amount(m.Amount, m.Currency);
        return new(eventId, EventTypes.MatchApproved, m.DecidedAt, m.MatchId, new JsonObject
        {
            ["matchId"] = m.MatchId, ["needId"] = m.NeedId, ["pledgeId"] = m.PledgeId, ["country"] = m.Country, ["donor"] = m.Donor,
            ["amount"] = Money(m.Amount, m.Currency), ["needAmount"] = Money(m.NeedAmount, m.NeedCurrency), ["decidedByOrg"] = m.DecidedByOrg,
        }, [m.Country, m.Donor], Parties(m.Country, m.Donor, NotificationKinds.Decision),
            new($"Propuesta aprobada: {m.Donor} → {m.Country}, {amount}", $"Proposal approved: {m.Donor} → {m.Country}, {amount}"),
            new($"Se aprobó que la contribución {m.PledgeId} financie la necesidad {m.NeedId} con {amount}. El donante registra ahora su compromiso.",
                $"Pledge {m.PledgeId} funding need {m.NeedId} with {amount} was approved. The donor now records its commitment."));
    }

    public static MarketplaceEvent Rejected(string eventId, MatchRejected m) =>
        new(eventId, EventTypes.MatchRejected, m.DecidedAt, m.MatchId, new JsonObject
        {
            ["matchId"] = m.MatchId, ["needId"] = m.NeedId, ["pledgeId"] = m.PledgeId, ["country"] = m.Country, ["donor"] = m.Donor,
            ["reason"] = m.Reason, ["decidedByOrg"] = m.DecidedByOrg,
        }, [m.Country, m.Donor], Parties(m.Country, m.Donor, NotificationKinds.Decision),
            new($"Propuesta rechazada: {m.Donor} → {m.Country}", $"Proposal rejected: {m.Donor} → {m.Country}"),
            new($"Se rechazó la propuesta {m.MatchId} (necesidad {m.NeedId}, contribución {m.PledgeId}). Motivo: {m.Reason}",
                $"Proposal {m.MatchId} (need {m.NeedId}, pledge {m.PledgeId}) was rejected. Reason: {m.Reason}"));

    public static MarketplaceEvent Referred(string eventId, NeedReferred r)
    {
        var need = r.Need;
        // A referral event always carries its referral; an event without one (never published) still reads.
        var referral = need.Referral ?? new NeedReferral(need.UpdatedAt, "", "system");
        return new(eventId, EventTypes.NeedReferred, referral.At, need.Id, new JsonObject
        {
            ["needId"] = need.Id, ["country"] = need.Country, ["sector"] = need.Sector, ["title"] = need.Title,
            ["amount"] = Money(need.Amount, need.Currency), ["funded"] = Money(need.Funded, need.Currency), ["reason"] = referral.Reason, ["by"] = referral.By,
        }, [need.Country, FundOrg], [new(need.Country, Roles.State, NotificationKinds.Referral), new(FundOrg, Roles.FundManager, NotificationKinds.Referral)],
            new($"Necesidad remitida al Fondo MIRPS: {need.Title}", $"Need referred to the MIRPS Fund: {need.Title}"),
            new($"La necesidad {need.Id} de {need.Country} ({Amount(need.Amount - need.Funded, need.Currency)} sin financiar) fue remitida al Fondo MIRPS. Motivo: {referral.Reason}",
                $"Need {need.Id} of {need.Country} ({Amount(need.Amount - need.Funded, need.Currency)} unfunded) was referred to the MIRPS Fund. Reason: {referral.Reason}"));
    }

    public static MarketplaceEvent FlowOpened(string eventId, FlowCreated e)
    {
        var f = e.Flow;
        var amount = Amount(f.Approved, f.Currency);
        return new(eventId, EventTypes.FlowCreated, f.UpdatedAt, f.Id, FlowData(f), [f.Country, f.Donor],
            [new(f.Donor, PartyRole(f.Donor), NotificationKinds.CommitmentDue)],
            new($"Compromiso pendiente: {f.Country}, {amount}", $"Commitment due: {f.Country}, {amount}"),
            new($"La asignación aprobada de {amount} a la necesidad {f.NeedId} de {f.Country} espera su compromiso firmado (flujo {f.Id}).",
                $"The approved allocation of {amount} to need {f.NeedId} of {f.Country} waits for your signed commitment (flow {f.Id})."));
    }

    public static MarketplaceEvent Disbursed(string eventId, DisbursementRecorded e)
    {
        var f = e.Flow;
        var amount = Amount(e.Amount, f.Currency);
        var data = FlowData(f);
        data["disbursement"] = new JsonObject
        {
            ["id"] = e.DisbursementId, ["date"] = e.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["amount"] = Money(e.Amount, f.Currency), ["reference"] = e.Reference,
        };
        return new(eventId, EventTypes.DisbursementRecorded, f.UpdatedAt, f.Id, data, [f.Country, f.Donor],
            [new(f.Country, Roles.State, NotificationKinds.ReceiptDue)],
            new($"Desembolso por confirmar: {f.Donor}, {amount}", $"Disbursement awaiting receipt: {f.Donor}, {amount}"),
            new($"{f.Donor} registró un desembolso de {amount} (referencia {e.Reference}) para la necesidad {f.NeedId}. Confirme su recepción (flujo {f.Id}).",
                $"{f.Donor} recorded a disbursement of {amount} (reference {e.Reference}) for need {f.NeedId}. Please confirm its receipt (flow {f.Id})."));
    }

    private static IReadOnlyList<Audience> Parties(string country, string donor, string kind) =>
        [new(country, Roles.State, kind), new(donor, PartyRole(donor), kind)];

    /// <summary>The role that acts for a pledge's donor organisation: the fund manager for the Fund's pledges.</summary>
    private static string PartyRole(string donor) => donor == FundOrg ? Roles.FundManager : Roles.Donor;

    private static JsonObject FlowData(FlowSnapshot f) => new()
    {
        ["flowId"] = f.Id, ["matchId"] = f.MatchId, ["needId"] = f.NeedId, ["pledgeId"] = f.PledgeId, ["country"] = f.Country, ["donor"] = f.Donor,
        ["approved"] = Money(f.Approved, f.Currency), ["committed"] = Money(f.Committed, f.Currency),
        ["disbursed"] = Money(f.Disbursed, f.Currency), ["status"] = f.Status,
    };

    private static JsonObject Money(decimal amount, string currency) => MoneyJson.From(Marketplace.Contracts.Money.FromDecimal(amount, currency));

    private static string Amount(decimal amount, string currency) =>
        $"{amount.ToString("#,0.00", CultureInfo.InvariantCulture)} {currency}";
}
