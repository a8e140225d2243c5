using Marketplace.Identity.Organisations.Domain;
using Marketplace.Identity.Organisations.Persistence;
using Marketplace.ServiceKit.Persistence;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using static Marketplace.Persistence.ContractTests.Support.Rendered;

namespace Marketplace.Persistence.ContractTests.Mongo;

/// <summary>The organisation registry's documents and queries as the driver writes them, without a server.</summary>
public sealed class OrganisationMappingTests
{
    static OrganisationMappingTests() => MongoSerialization.EnsureConfigured();

    [Fact]
    public void OrganisationDocument_IsKeyedByItsCode_WithCamelCaseFields()
    {
        var spain = OrganisationCatalogue.All.Single(o => o.Code == "ES");

        var bson = MongoOrganisationStore.ToDocument(spain).ToBsonDocument();
        var back = MongoOrganisationStore.FromDocument(BsonSerializer.Deserialize<OrganisationDocument>(bson));

        Assert.Equal(["_id", "kind", "nameEs", "nameEn", "iatiRef", "iatiType"], bson.Names);
        Assert.Equal("ES", bson["_id"].AsString);
        Assert.Equal(spain, back);
    }

    [Fact]
    public void ChairTermDocument_KeepsDatesAsPlainDateStrings_AndAnOpenEndAsNull()
    {
        var term = new ChairTerm("ES", new DateOnly(2026, 1, 1), null);

        var bson = MongoOrganisationStore.ToDocument(term).ToBsonDocument();
        var back = MongoOrganisationStore.FromDocument(BsonSerializer.Deserialize<ChairTermDocument>(bson));

        Equal("{ _id: 'current', org: 'ES', from: '2026-01-01', until: null }", bson);
        Assert.Equal(term, back);
    }

    [Fact]
    public void Queries_RenderToTheCodeKeyAndInsertOnlyUpserts()
    {
        var guatemala = OrganisationCatalogue.All.Single(o => o.Code == "GT");

        Equal("{ _id: 'GT' }", Filter(MongoOrganisationStore.ByCode("GT")));
        Equal("{ _id: 'current' }", Filter(MongoOrganisationStore.CurrentTerm));
        Equal("{ _id: 1 }", Sort(MongoOrganisationStore.ByCodeOrder));
        Equal("{ $setOnInsert: { kind: 'state', nameEs: 'Guatemala', nameEn: 'Guatemala', iatiRef: 'XM-DAC-347', iatiType: '10' } }",
            Update(MongoOrganisationStore.InsertOnly(guatemala)));
        Equal("{ $set: { iatiRef: 'XM-DAC-1', iatiType: '40' } }", Update(MongoOrganisationStore.SetIati(new IatiIdentifier("XM-DAC-1", "40"))));
    }
}
