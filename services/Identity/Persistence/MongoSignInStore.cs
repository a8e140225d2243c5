using Marketplace.ServiceKit.Persistence;
using MongoDB.Driver;

namespace Marketplace.Identity.Persistence;

/// <summary>
/// Sign-ins in MongoDB without multi-document transactions: a token is redeemed by one conditional
/// update (<c>redeemedAt: null</c> → now), so of two concurrent redemptions exactly one wins the first use;
/// the other is judged against the leeway like any later reuse.
/// </summary>
public sealed class MongoSignInStore(IMongoDatabase database) : ISignInStore
{
    public const string SignInsCollection = "signIns";
    public const string TokensCollection = "signInTokens";

    private IMongoCollection<SignInDocument> SignIns => database.GetCollection<SignInDocument>(SignInsCollection);
    private IMongoCollection<SignInTokenDocument> Tokens => database.GetCollection<SignInTokenDocument>(TokensCollection);

    public static FilterDefinition<SignInTokenDocument> Unredeemed(string signInId, string tokenId) =>
        Builders<SignInTokenDocument>.Filter.Eq(t => t.Id, tokenId) & Builders<SignInTokenDocument>.Filter.Eq(t => t.SignInId, signInId)
        & Builders<SignInTokenDocument>.Filter.Eq(t => t.RedeemedAt, null);

    public static FilterDefinition<SignInDocument> ActiveOf(string personId) =>
        Builders<SignInDocument>.Filter.Eq(s => s.PersonId, personId) & Builders<SignInDocument>.Filter.Eq(s => s.RevokedAt, null);

    public Task EnsureIndexesAsync(CancellationToken cancellationToken) =>
        MongoIndexes.EnsureAsync(SignIns, [new CreateIndexModel<SignInDocument>(
            Builders<SignInDocument>.IndexKeys.Ascending(s => s.PersonId), new CreateIndexOptions { Name = "person" })],
            cancellationToken);

    public async Task StartAsync(string signInId, string personId, string tokenId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await SignIns.InsertOneAsync(new SignInDocument(signInId, personId, now.UtcDateTime, null), cancellationToken: cancellationToken);
        await Tokens.InsertOneAsync(new SignInTokenDocument(tokenId, signInId, null), cancellationToken: cancellationToken);
    }

    public async Task<RedeemOutcome> RedeemAsync(string signInId, string tokenId, string nextTokenId, DateTimeOffset now, TimeSpan leeway,
        CancellationToken cancellationToken)
    {
        var signIn = await SignIns.Find(s => s.Id == signInId).FirstOrDefaultAsync(cancellationToken);
        if (signIn is null || signIn.RevokedAt is not null)
        {
            return RedeemOutcome.Revoked;
        }

        var first = await Tokens.UpdateOneAsync(Unredeemed(signInId, tokenId),
            Builders<SignInTokenDocument>.Update.Set(t => t.RedeemedAt, now.UtcDateTime), cancellationToken: cancellationToken);
        RedeemOutcome outcome;
        if (first.ModifiedCount == 1)
        {
            outcome = RedeemOutcome.Redeemed;
        }
        else
        {
            var token = await Tokens.Find(t => t.Id == tokenId && t.SignInId == signInId).FirstOrDefaultAsync(cancellationToken);
            if (token?.RedeemedAt is not { } redeemedAt)
            {
                return RedeemOutcome.Revoked;
            }
            outcome = now.UtcDateTime - redeemedAt <= leeway ? RedeemOutcome.RedeemedWithinLeeway : RedeemOutcome.ReuseDetected;
        }

        if (outcome == RedeemOutcome.ReuseDetected)
        {
            await RevokeAsync(signInId, now, cancellationToken);
            return outcome;
        }
        await Tokens.InsertOneAsync(new SignInTokenDocument(nextTokenId, signInId, null), cancellationToken: cancellationToken);
        return outcome;
    }

    public Task RevokeAsync(string signInId, DateTimeOffset now, CancellationToken cancellationToken) =>
        SignIns.UpdateOneAsync(s => s.Id == signInId && s.RevokedAt == null,
            Builders<SignInDocument>.Update.Set(s => s.RevokedAt, now.UtcDateTime), cancellationToken: cancellationToken);

    public Task RevokeAllAsync(string personId, DateTimeOffset now, CancellationToken cancellationToken) =>
        SignIns.UpdateManyAsync(ActiveOf(personId), Builders<SignInDocument>.Update.Set(s => s.RevokedAt, now.UtcDateTime),
            cancellationToken: cancellationToken);
}
