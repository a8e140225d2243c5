using Marketplace.Identity.Clients;
using Marketplace.Identity.Persistence;
using Marketplace.Matching.Domain;
using Marketplace.Matching.Persistence;
using Marketplace.Needs.Persistence;
using Marketplace.Persistence.ContractTests.Support;
using Marketplace.Pledges.Persistence;
using Marketplace.ServiceKit.Audit;
using Marketplace.ServiceKit.Outbox;
using Marketplace.ServiceKit.Persistence;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;

namespace Marketplace.Persistence.ContractTests.Mongo;

/// <summary>
/// Every stored document type through the driver's own serializers, without a server: element names,
/// BSON types (Int64 money, Decimal128 rates, standard UUIDs, dates) and an exact round trip.
/// </summary>
public sealed class BsonMappingTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 28, 10, 0, 0, 123, TimeSpan.Zero);

    static BsonMappingTests() => MongoSerialization.EnsureConfigured();

    private static (BsonDocument Bson, T Back) RoundTrip<T>(T document)
    {
        var bson = document.ToBsonDocument();
        return (bson, BsonSerializer.Deserialize<T>(bson));
    }

    [Fact]
    public void NeedDocument_RoundTripsWithMoneyAsInt64AndDatesAsBsonDates()
    {
        var need = Samples.Need(At, fundedMinor: 2_500) with { Version = 7 };

        var (bson, back) = RoundTrip(NeedDocument.From(need));

        Assert.Equal(need.Id, bson["_id"].AsString);
        Assert.Equal(BsonType.Int64, bson["amountMinor"].BsonType);
        Assert.Equal(BsonType.Int64, bson["fundedMinor"].BsonType);
        Assert.Equal(BsonType.Int64, bson["version"].BsonType);
        Assert.Equal(BsonType.DateTime, bson["createdAt"].BsonType);
        Assert.Equal(BsonType.DateTime, bson["startDate"].BsonType);
        Assert.Equal("partially-funded", bson["status"].AsString);
        Assert.Equal(new BsonArray { "grant", "loan" }, bson["instruments"]);
        Assert.Equal(need.Fields with { Instruments = [] }, back.ToNeed().Fields with { Instruments = [] });
        Assert.Equal(need.Fields.Instruments, back.ToNeed().Fields.Instruments);
        Assert.Equal((need.CreatedAt, need.UpdatedAt, need.FundedMinor, need.Version), (back.CreatedAt, back.UpdatedAt, back.FundedMinor, back.Version));
    }

    [Fact]
    public void PledgeDocument_KeepsAnEmptyEarmarkAsAnEmptyArray()
    {
        var pledge = Samples.Pledge(At, countries: [], sectors: ["health"]);

        var (bson, back) = RoundTrip(PledgeDocument.From(pledge));

        Assert.Equal(new BsonArray(), bson["countries"]);
        Assert.Equal(new BsonArray { "health" }, bson["sectors"]);
        Assert.Equal(BsonNull.Value, bson["maxAllocationMinor"]);
        Assert.Equal(BsonType.Int64, bson["minAllocationMinor"].BsonType);
        var restored = back.ToPledge();
        Assert.Equal(pledge.Fields with { Countries = [], Sectors = [] }, restored.Fields with { Countries = [], Sectors = [] });
        Assert.Empty(restored.Fields.Countries);
        Assert.Equal((pledge.Id, pledge.Donor, pledge.CreatedAt, pledge.Version), (restored.Id, restored.Donor, restored.CreatedAt, restored.Version));
    }

    [Fact]
    public void MatchDocument_KeepsTheCrossRateExactAsDecimal128()
    {
        var match = Samples.Match(At, "round_1") with { DecidedAt = At, DecidedBy = "chair-1" };

        var (bson, back) = RoundTrip(MatchDocument.From(match));

        Assert.Equal(BsonType.Decimal128, bson["fxRate"].BsonType);
        Assert.Equal(1.0850123456789m, (decimal)bson["fxRate"].AsDecimal128);
        Assert.Equal(BsonType.Double, bson["score"].BsonType);
        Assert.Equal(BsonNull.Value, bson["reason"]);
        Assert.Equal(match with { Reasons = [] }, back.ToMatch() with { Reasons = [] });
        Assert.Equal(match.Reasons, back.ToMatch().Reasons);
    }

    [Fact]
    public void MatchDocument_StoresReasonTextsAndCodesSideBySide_AndReadsOldDocumentsAsNotes()
    {
        var match = Samples.Match(At, "round_1", country: "GT");

        var (bson, back) = RoundTrip(MatchDocument.From(match));
        bson.Remove("reasonCodes");
        var legacy = BsonSerializer.Deserialize<MatchDocument>(bson).ToMatch();

        Assert.Equal(new BsonArray { "The need's country (GT) is earmarked.", "Need priority: high (weight 4)." }, back.ToBsonDocument()["reasons"]);
        var codes = MatchDocument.From(match).ToBsonDocument()["reasonCodes"].AsBsonArray;
        Assert.Equal(new BsonDocument { ["code"] = "priority", ["params"] = new BsonDocument { ["priority"] = "high", ["weight"] = "4" } }, codes[1]);
        Assert.Equal(match.Reasons, back.ToMatch().Reasons);
        Assert.Equal([MatchReasonCodes.Note, MatchReasonCodes.Note], legacy.Reasons.Select(r => r.Code));
        Assert.Equal(match.Reasons.Select(r => r.Text), legacy.Reasons.Select(r => r.Params["text"]));
    }

    [Fact]
    public void MatchDocument_CarriesItsChangeSequence_AndReadsDocumentsWithoutOneAsZero()
    {
        var (bson, back) = RoundTrip(MatchDocument.From(Samples.Match(At, "round_1")) with { Seq = 3, ChangeSeq = 17 });
        bson.Remove("changeSeq");
        var legacy = BsonSerializer.Deserialize<MatchDocument>(bson);

        Assert.Equal(BsonType.Int64, back.ToBsonDocument()["changeSeq"].BsonType);
        Assert.Equal((3L, 17L), (back.Seq, back.ChangeSeq));
        Assert.Equal(0L, legacy.ChangeSeq);
    }

    [Fact]
    public void MatchReleaseDocument_IsKeyedByMatchAndCarriesItsChangeSequence()
    {
        var (bson, back) = RoundTrip(MatchReleaseDocument.From(new MatchRelease("match_1", 70_000, 75_950), 23));

        Assert.Equal(new BsonDocument { ["_id"] = "match_1", ["pledgeMinor"] = 70_000L, ["needMinor"] = 75_950L, ["seq"] = 23L }, bson);
        Assert.Equal(new MatchRelease("match_1", 70_000, 75_950), back.ToRelease());
        Assert.Equal(23L, back.Seq);
    }

    [Fact]
    public void FxRateDocument_KeepsTheRateExactAsDecimal128()
    {
        var rate = new FxRate("ARS", 0.0008501234567890123456789m, new DateOnly(2026, 11, 2), "IMF", 3);

        var (bson, back) = RoundTrip(FxRateDocument.From(rate));

        Assert.Equal("ARS", bson["_id"].AsString);
        Assert.Equal(BsonType.Decimal128, bson["usdPerUnit"].BsonType);
        Assert.Equal(rate, back.ToRate());
    }

    [Fact]
    public void ViewAndRoundDocuments_RoundTrip()
    {
        var need = Samples.NeedView("need_1", 4, fundedMinor: 10);
        var pledge = Samples.PledgeView("pledge_1", 5);
        var round = new RoundRecord("round_1", At, "event", 3, 1, 12_345, 12.5);

        var (needBson, needBack) = RoundTrip(NeedViewDocument.From(need, 41));
        var (pledgeBson, pledgeBack) = RoundTrip(PledgeViewDocument.From(pledge, 42));
        var (roundBson, roundBack) = RoundTrip(RoundDocument.From(round));

        Assert.Equal(["_id", "country", "sector", "title", "instruments", "priority", "amountMinor", "fundedMinor", "currency", "status",
            "startDate", "endDate", "version", "sequence", "referred"], needBson.Names);
        Assert.Equal((BsonType.Int64, 41L, 42L), (needBson["sequence"].BsonType, needBack.Sequence, pledgeBack.Sequence));
        Assert.Equal(need with { Instruments = [] }, needBack.ToView() with { Instruments = [] });
        Assert.Equal(BsonType.Int64, pledgeBson["allocatedMinor"].BsonType);
        Assert.Equal(pledge with { Countries = [], Sectors = [] }, pledgeBack.ToView() with { Countries = [], Sectors = [] });
        Assert.Equal(pledge.Countries, pledgeBack.ToView().Countries);
        Assert.Equal(BsonType.Int64, roundBson["proposedUsdCents"].BsonType);
        Assert.Equal(RoundDocument.From(round), roundBack);
    }

    [Fact]
    public void ViewDocumentWrittenBeforeTheSequence_ReadsAsSequenceZero()
    {
        var bson = RoundTrip(NeedViewDocument.From(Samples.NeedView("need_1", 4))).Bson;
        bson.Remove("sequence");

        var back = MongoDB.Bson.Serialization.BsonSerializer.Deserialize<NeedViewDocument>(bson);

        Assert.Equal((0L, 4L), (back.Sequence, back.Version));
    }

    [Fact]
    public void LeaseDocument_RoundTripsWithAUtcExpiry()
    {
        var lease = new LeaseDocument("solver", "replica-a", At.UtcDateTime, 3, 12);

        var (bson, back) = RoundTrip(lease);

        Assert.Equal(["_id", "owner", "expiresAt", "token", "fencedWrites"], bson.Names);
        Assert.Equal(BsonType.Int64, bson["token"].BsonType);
        Assert.Equal(BsonType.DateTime, bson["expiresAt"].BsonType);
        Assert.Equal(lease, back);
    }

    [Fact]
    public void OutboxDocument_StoresItsIdAsAStandardUuid()
    {
        var id = Guid.CreateVersion7();
        var document = new OutboxDocument(id, "Marketplace.Needs.Contracts.NeedPublished", "{\"need\":{}}", At,
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", null, null, null);

        var (bson, back) = RoundTrip(document);

        var binary = bson["_id"].AsBsonBinaryData;
        Assert.Equal(BsonBinarySubType.UuidStandard, binary.SubType);
        Assert.Equal(id.ToByteArray(bigEndian: true), binary.Bytes);
        Assert.Equal(BsonNull.Value, bson["publishedAt"]);
        Assert.Equal(document, back);
    }

    [Fact]
    public void LedgerEntryAndAuditDocuments_RoundTrip()
    {
        var entry = new LedgerEntryDocument("match_1", "need_1", 5_000, LedgerEntryDocument.Committed, At);
        var audit = Samples.Audit(At, "need_1", "need.published");

        var (entryBson, entryBack) = RoundTrip(entry);
        var (auditBson, auditBack) = RoundTrip(MongoAuditTrail.ToDocument(audit));

        Assert.Equal(["_id", "entityId", "amountMinor", "state", "at"], entryBson.Names);
        Assert.Equal(entry, entryBack);
        Assert.Equal(BsonType.ObjectId, auditBson["_id"].BsonType);
        Assert.Equal(BsonType.Document, auditBson["details"].BsonType);
        Assert.Equal("123.45", auditBson["details"]["amount"]["amount"].AsString);
        var restored = MongoAuditTrail.FromDocument(auditBack);
        Assert.Equal((audit.At, audit.Actor, audit.Org, audit.Action, audit.EntityId), (restored.At, restored.Actor, restored.Org, restored.Action, restored.EntityId));
        Assert.Equal(audit.Details.ToJsonString(), restored.Details.ToJsonString());
        Assert.Equal(["_id", "at", "actor", "actorName", "org", "action", "entityId", "details"], auditBson.Names);
        Assert.Equal("María Pérez", restored.ActorName);
    }

    [Fact]
    public void AuditDocument_WrittenBeforeActorNameExisted_ReadsTheActorAsItsName()
    {
        var old = new BsonDocument
        {
            ["_id"] = ObjectId.GenerateNewId(), ["at"] = new BsonDateTime(At.UtcDateTime), ["actor"] = "chair", ["org"] = "ES",
            ["action"] = "match.approved", ["entityId"] = "match_1", ["details"] = new BsonDocument(),
        };

        var restored = MongoAuditTrail.FromDocument(BsonSerializer.Deserialize<AuditDocument>(old));

        Assert.Equal(("chair", "chair"), (restored.Actor, restored.ActorName));
    }

    [Fact]
    public void ClientDocument_RoundTripsUnderItsClientId()
    {
        var client = new RegisteredClient("state-sv", "pbkdf2-sha256$100000$salt$hash", "member_state", "SV");

        var (bson, back) = RoundTrip(ClientDocument.From(client, At.UtcDateTime));

        Assert.Equal(["_id", "secretHash", "role", "org", "updatedAt"], bson.Names);
        Assert.Equal(client, back.ToClient());
    }

    [Fact]
    public void PersonDocument_RoundTripsWithDatesAsBsonDatesAndNoPendingInvitationElement()
    {
        var person = new Identity.People.Person
        {
            Id = "person_1", Email = "ana@gt.example", NormalizedEmail = "ANA@GT.EXAMPLE", Name = "Ana", Org = "GT", Role = "state",
            OrgAdmin = true, Active = true, PasswordHash = "hash", SecurityStamp = "s", ConcurrencyStamp = "c", AuthenticatorKey = "KEY",
            TwoFactorEnabled = true, AccessFailedCount = 3, LockoutEnd = At.AddMinutes(15), CreatedAt = At,
        };

        var (bson, back) = RoundTrip(PersonDocument.From(person));

        Assert.Equal("person_1", bson["_id"].AsString);
        Assert.Equal("ANA@GT.EXAMPLE", bson["normalizedEmail"].AsString);
        Assert.True(bson["mfa"].AsBoolean);
        Assert.Equal(BsonType.DateTime, bson["lockoutEnd"].BsonType);
        Assert.Equal(BsonType.DateTime, bson["createdAt"].BsonType);
        // Absent, not null: the sparse unique index holds pending invitations only.
        Assert.False(bson.Contains("invitation"));
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(person), System.Text.Json.JsonSerializer.Serialize(back.ToPerson()));

        person.InvitationHash = "h";
        person.InvitationExpiresAt = At.AddHours(72);
        var (invited, invitedBack) = RoundTrip(PersonDocument.From(person));
        Assert.Equal("h", invited["invitation"].AsString);
        Assert.Equal(person.InvitationExpiresAt, invitedBack.ToPerson().InvitationExpiresAt);
    }

    [Fact]
    public void SignInDocuments_RoundTrip()
    {
        var (signIn, signInBack) = RoundTrip(new SignInDocument("signin_1", "person_1", At.UtcDateTime, null));
        var (token, tokenBack) = RoundTrip(new SignInTokenDocument("tkn_1", "signin_1", At.UtcDateTime));

        Assert.Equal("person_1", signIn["personId"].AsString);
        Assert.True(signIn["revokedAt"].IsBsonNull);
        Assert.Equal(BsonType.DateTime, token["redeemedAt"].BsonType);
        Assert.Equal(new SignInDocument("signin_1", "person_1", At.UtcDateTime, null), signInBack);
        Assert.Equal(new SignInTokenDocument("tkn_1", "signin_1", At.UtcDateTime), tokenBack);
    }
}
