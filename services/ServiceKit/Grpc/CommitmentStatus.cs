using Grpc.Core;
using Marketplace.ServiceKit.Persistence;

namespace Marketplace.ServiceKit.Grpc;

/// <summary>Maps a refused commitment onto the gRPC status its caller (the approval) acts on.</summary>
public static class CommitmentStatus
{
    public static void ThrowIfRefused(CommitmentResult result, string what)
    {
        var status = result switch
        {
            CommitmentResult.Applied or CommitmentResult.AlreadyApplied or CommitmentResult.Released => (Status?)null,
            CommitmentResult.WouldExceed => new Status(StatusCode.FailedPrecondition, $"It would take the {what} past its amount."),
            CommitmentResult.Withdrawn => new Status(StatusCode.FailedPrecondition, $"The {what} is withdrawn."),
            CommitmentResult.RefusedAfterRelease => new Status(StatusCode.Aborted, "This match's commitment was already released."),
            CommitmentResult.CurrencyMismatch => new Status(StatusCode.InvalidArgument, $"The amount is not in the {what}'s currency."),
            CommitmentResult.KeepExceedsCommitment => new Status(StatusCode.InvalidArgument, "keep exceeds what the match committed."),
            CommitmentResult.NotFound => new Status(StatusCode.NotFound, $"No such {what}."),
            _ => new Status(StatusCode.Internal, result.ToString()),
        };
        if (status is { } s) throw new RpcException(s);
    }
}
