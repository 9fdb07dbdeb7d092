using System.Reflection;
using Cri.Protos.V1;
using Grpc.Core;

namespace Cri.Protos.Tests.Contract;

/// <summary>The catalog and the code Grpc.Tools generates agree with the contract.</summary>
public sealed class CriMethodCatalogTests
{
    [Fact]
    public void Catalog_holds_both_services_with_their_shapes()
    {
        Assert.Equal(37, CriMethodCatalog.RuntimeService.Count);
        Assert.Equal(6, CriMethodCatalog.ImageService.Count);
        Assert.Equal(43, CriMethodCatalog.All.Count);

        var run = CriMethodCatalog.GetByPath("/runtime.v1.RuntimeService/RunPodSandbox");
        Assert.Equal("runtime.v1.RuntimeService/RunPodSandbox", run.QualifiedName);
        Assert.Equal("runtime.v1.RuntimeService", run.ServiceName);
        Assert.Equal("RunPodSandbox", run.Name);
        Assert.Equal(MethodType.Unary, run.Type);
        Assert.Equal("RunPodSandboxRequest", run.Descriptor.InputType.Name);
        Assert.Same(RunPodSandboxRequest.Parser, run.Descriptor.InputType.Parser);
        Assert.Same(RunPodSandboxResponse.Parser, run.Descriptor.OutputType.Parser);
        Assert.Equal("/runtime.v1.RuntimeService/RunPodSandbox", run.ToString());
        Assert.Equal(MethodType.ServerStreaming, CriMethodCatalog.GetByPath("/runtime.v1.RuntimeService/GetContainerEvents").Type);
        Assert.Equal("/runtime.v1.ImageService/PullImage", CriMethodCatalog.ImageService.Single(m => m.Name == "PullImage").Path);
    }

    [Fact]
    public void Unknown_path_is_not_found()
    {
        Assert.False(CriMethodCatalog.TryGetByPath("/runtime.v1.RuntimeService/Nope", out _));
        Assert.False(CriMethodCatalog.TryGetByPath(null, out _));
        Assert.Throws<KeyNotFoundException>(() => CriMethodCatalog.GetByPath("/x/y"));
    }

    [Fact]
    public void Every_method_of_the_generated_descriptors_is_in_the_catalog_in_order()
    {
        AssertMatchesDescriptor(RuntimeService.Descriptor, CriMethodCatalog.RuntimeService);
        AssertMatchesDescriptor(ImageService.Descriptor, CriMethodCatalog.ImageService);
        Assert.Equal([.. CriMethodCatalog.RuntimeService, .. CriMethodCatalog.ImageService], CriMethodCatalog.All);
    }

    [Fact]
    public void Catalog_paths_and_types_are_what_grpc_dotnet_binds()
    {
        var binder = new RecordingBinder();
        RuntimeService.BindService(binder, null);
        ImageService.BindService(binder, null);

        Assert.Equal(CriMethodCatalog.All.Count, binder.Methods.Count);
        foreach (var method in binder.Methods)
        {
            Assert.True(CriMethodCatalog.TryGetByPath(method.FullName, out var entry), method.FullName + " is not in the catalog");
            Assert.Equal(method.Type, entry.Type);
            Assert.Equal(method.ServiceName, entry.ServiceName);
            Assert.Equal(method.Name, entry.Name);
        }
    }

    [Fact]
    public void Generated_service_bases_and_clients_cover_every_method()
    {
        AssertCovers(typeof(RuntimeService.RuntimeServiceBase), typeof(RuntimeService.RuntimeServiceClient), CriMethodCatalog.RuntimeService);
        AssertCovers(typeof(ImageService.ImageServiceBase), typeof(ImageService.ImageServiceClient), CriMethodCatalog.ImageService);
    }

    [Fact]
    public void Secrets_of_auth_config_keep_debug_redact()
    {
        var fields = AuthConfig.Descriptor.Fields.InDeclarationOrder()
            .Where(f => f.GetOptions()?.DebugRedact == true)
            .Select(f => f.Name);

        Assert.Equal(["password", "auth", "identity_token", "registry_token"], fields);
    }

    private static void AssertMatchesDescriptor(Google.Protobuf.Reflection.ServiceDescriptor service, IReadOnlyList<CriMethod> methods)
    {
        Assert.Equal(service.Methods.Count, methods.Count);
        for (var i = 0; i < service.Methods.Count; i++)
        {
            var descriptor = service.Methods[i];
            var method = methods[i];
            Assert.Same(descriptor, method.Descriptor);
            Assert.Same(method, CriMethodCatalog.GetByPath($"/{service.FullName}/{descriptor.Name}"));
            var expected = (descriptor.IsClientStreaming, descriptor.IsServerStreaming) switch
            {
                (false, false) => MethodType.Unary,
                (false, true) => MethodType.ServerStreaming,
                (true, false) => MethodType.ClientStreaming,
                (true, true) => MethodType.DuplexStreaming,
            };
            Assert.Equal(expected, method.Type);
        }
    }

    private static void AssertCovers(Type serviceBase, Type client, IReadOnlyList<CriMethod> methods)
    {
        var virtuals = serviceBase.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => m.IsVirtual).Select(m => m.Name).Order();
        var calls = client.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Select(m => m.Name.EndsWith("Async", StringComparison.Ordinal) ? m.Name[..^5] : m.Name).Distinct().Order();
        var expected = methods.Select(m => m.Name).Order();

        Assert.Equal(expected, virtuals);
        Assert.Equal(expected, calls);
    }

    /// <summary>Records what a generated <c>BindService</c> registers, as Grpc.AspNetCore sees it.</summary>
    private sealed class RecordingBinder : ServiceBinderBase
    {
        public List<IMethod> Methods { get; } = [];

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
            => this.Methods.Add(method);

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler)
            => this.Methods.Add(method);

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler)
            => this.Methods.Add(method);

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler)
            => this.Methods.Add(method);
    }
}
