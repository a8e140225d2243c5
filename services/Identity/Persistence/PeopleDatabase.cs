using Marketplace.ServiceKit.Idempotency;
using Marketplace.ServiceKit.Persistence;

namespace Marketplace.Identity.Persistence;

/// <summary>The embedded SQLite file of people and their sign-ins, <c>{Storage:DataDirectory}/people.db</c>.</summary>
public static class PeopleDatabase
{
    public const string FileName = "people.db";

    public const string Schema = """
        CREATE TABLE IF NOT EXISTS people (
            id                TEXT NOT NULL PRIMARY KEY,
            normalized_email  TEXT NOT NULL UNIQUE,
            org               TEXT NOT NULL,
            invitation_hash   TEXT,
            concurrency_stamp TEXT NOT NULL,
            data              TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS people_by_org ON people (org, id);
        CREATE UNIQUE INDEX IF NOT EXISTS people_by_invitation ON people (invitation_hash) WHERE invitation_hash IS NOT NULL;
        CREATE TABLE IF NOT EXISTS sign_ins (
            id         TEXT NOT NULL PRIMARY KEY,
            person_id  TEXT NOT NULL,
            started_at TEXT NOT NULL,
            revoked_at TEXT
        );
        CREATE INDEX IF NOT EXISTS sign_ins_by_person ON sign_ins (person_id);
        CREATE TABLE IF NOT EXISTS sign_in_tokens (
            id          TEXT NOT NULL PRIMARY KEY,
            sign_in_id  TEXT NOT NULL,
            redeemed_at TEXT
        );
        """;

    /// <summary>The people schema with the idempotency keys of the people API, which live beside the people they protect.</summary>
    public static SqliteDatabase Open(string dataDirectory) => new(dataDirectory, FileName, Schema + SqliteIdempotencyStore.Schema);
}
