using Marketplace.Identity.People;
using Microsoft.AspNetCore.Identity;

namespace Marketplace.Identity.Account;

/// <summary>A throwaway hash to verify against when no account matches, so timing does not reveal which emails exist.</summary>
public static class Decoy
{
    public static readonly Person Person = new() { Id = "decoy" };

    private static string? _hash;

    public static string Hash(IPasswordHasher<Person> hasher) => _hash ??= hasher.HashPassword(Person, Guid.NewGuid().ToString());
}
