using Marketplace.Contracts;

namespace Marketplace.Flows.Domain;

/// <summary>Money that left the donor towards the need; <see cref="ReceivedAt"/> once the member state confirms it.</summary>
public sealed record Disbursement(string Id, DateOnly Date, Money Amount, string Reference, string By, DateTimeOffset RecordedAt,
    DateTimeOffset? ReceivedAt, string? ReceivedBy);
