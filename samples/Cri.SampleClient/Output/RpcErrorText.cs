using Grpc.Core;

namespace Cri.SampleClient.Output;

/// <summary>A failed call as crictl reports it, in grpc-go's words: <c>rpc error: code = NotFound desc = ...</c>.</summary>
internal static class RpcErrorText
{
    /// <summary>Formats the status of a failed call.</summary>
    public static string Format(RpcException exception) => $"rpc error: code = {GoCodeName(exception.StatusCode)} desc = {exception.Status.Detail}";

    /// <summary>grpc-go's <c>codes.Code.String()</c>: the CamelCase name, spelled <c>Canceled</c> as Go spells it.</summary>
    public static string GoCodeName(StatusCode code) => code switch
    {
        StatusCode.Cancelled => "Canceled",
        _ when Enum.IsDefined(code) => code.ToString(),
        _ => FormattableString.Invariant($"Code({(int)code})"),
    };
}
