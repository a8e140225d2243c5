using Grpc.Core;
using Marketplace.Contracts;

namespace Marketplace.ServiceKit.Grpc;

/// <summary>Reads the decimal-string money of internal gRPC requests; a malformed amount is INVALID_ARGUMENT.</summary>
public static class GrpcMoney
{
    /// <summary>The optional amount to keep of a partial release: null when <paramref name="amount"/> is empty.</summary>
    public static Money? OptionalKeep(string amount, string currency, string entityCurrency)
    {
        if (string.IsNullOrEmpty(amount)) return null;
        if (currency != entityCurrency)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"keep_currency must be {entityCurrency}."));
        }
        if (amount is "0" || amount.Trim('0', '.') is "") return Money.Zero(currency);
        if (!Currencies.TryGet(currency, out _) || Money.TryParse(amount, currency, out _) is not { } keep)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "keep_amount must be a decimal amount in keep_currency."));
        }
        return keep;
    }
}
