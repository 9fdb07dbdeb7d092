namespace Cri.Tracing.Configuration;

/// <summary>The OTLP transport spans are exported with.</summary>
public enum OtlpProtocol
{
    /// <summary>OTLP over gRPC, what CRI-O, the kubelet, the apiserver and crictl use.</summary>
    Grpc,

    /// <summary>OTLP over HTTP with protobuf bodies, containerd's default and the OpenTelemetry specification's.</summary>
    HttpProtobuf,
}
