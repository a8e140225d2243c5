namespace Marketplace.Matching.Engine;

/// <summary>How a full solve met the pledges' minimum tickets (x = 0 or x ≥ min, which no flow can express).</summary>
public enum MinimumTicketMethod
{
    /// <summary>The flow optimum met every minimum as it was: it is the exact optimum.</summary>
    NotNeeded,

    /// <summary>Solved exactly with CP-SAT (the market was small enough) and proven optimal within the time budget.</summary>
    Exact,

    /// <summary>CP-SAT ran out of its time budget; its best solution beat the repair's and was kept (not proven optimal).</summary>
    BestWithinBudget,

    /// <summary>The repair heuristic (MinimumAllocationRepair): the market was too large for the exact model, or CP-SAT found nothing better in its budget.</summary>
    Repair,
}
