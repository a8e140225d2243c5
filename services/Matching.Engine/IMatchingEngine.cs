namespace Marketplace.Matching.Engine;

/// <summary>Turns open needs and pledges into proposed allocations for one round.</summary>
public interface IMatchingEngine
{
    MatchingResult Solve(MatchingProblem problem);
}
