namespace Marketplace.Matching.Engine;

/// <summary>Urgency of a need; drives its weight in the matching objective.</summary>
public enum Priority
{
    Critical,
    High,
    Medium,
    Low,
}
